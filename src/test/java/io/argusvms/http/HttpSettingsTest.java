package io.argusvms.http;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import java.io.File;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class HttpSettingsTest {
  @Test
  void theShippedConfigurationReads() {
    Config conf = ConfigFactory.parseFile(new File("conf/application.conf")).resolve();
    HttpSettings s = HttpSettings.create(conf.getConfig("argus.http"));
    assertEquals(Duration.ofHours(12), s.tokenTtl());
    assertEquals(5, s.lockout().maxFailures());
    assertEquals(Duration.ofSeconds(60), s.lockout().lockout());
    assertEquals(System.getenv().getOrDefault("ARGUS_HTTP_PORT", "7001"), String.valueOf(s.port()));
  }
}

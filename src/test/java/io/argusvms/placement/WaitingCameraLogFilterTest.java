package io.argusvms.placement;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.joran.JoranConfigurator;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.LoggingEvent;
import ch.qos.logback.core.Appender;
import ch.qos.logback.core.spi.FilterReply;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class WaitingCameraLogFilterTest {
  static final String COORDINATOR = "org.apache.pekko.cluster.sharding.DDataShardCoordinator";

  static LoggingEvent error(LoggerContext context, String logger, String message, Throwable thrown) {
    Logger l = context.getLogger(logger);
    return new LoggingEvent(Logger.class.getName(), l, Level.ERROR, message, thrown, null);
  }

  @Test
  void refusalsAreDroppedAndOtherFailuresKept() {
    LoggerContext context = new LoggerContext();
    WaitingCameraLogFilter filter = new WaitingCameraLogFilter();
    filter.start();
    assertEquals(FilterReply.DENY, filter.decide(error(context, COORDINATOR, "camera: Shard [c1] allocation failed.",
        new CameraAllocationStrategy.NoServerForCamera("c1"))));
    assertEquals(FilterReply.NEUTRAL, filter.decide(error(context, COORDINATOR, "camera: Shard [c1] allocation failed.",
        new IllegalStateException("a bug in the strategy"))));
    assertEquals(FilterReply.NEUTRAL, filter.decide(error(context, COORDINATOR, "something else", null)));
  }

  /** The server's own logging configuration (what start-node.sh runs with) has the filter. */
  @Test
  void theServersConsoleDropsRefusals() throws Exception {
    LoggerContext context = new LoggerContext();
    JoranConfigurator config = new JoranConfigurator();
    config.setContext(context);
    config.doConfigure(Path.of("src/main/resources/logback.xml").toFile());
    Appender<ILoggingEvent> console = context.getLogger(Logger.ROOT_LOGGER_NAME).getAppender("STDOUT");
    assertNotNull(console, "the server's logback.xml has a STDOUT appender on the root logger");
    assertEquals(FilterReply.DENY, console.getFilterChainDecision(error(context, COORDINATOR,
        "camera: Shard [c1] allocation failed.", new CameraAllocationStrategy.NoServerForCamera("c1"))));
    assertEquals(FilterReply.NEUTRAL, console.getFilterChainDecision(error(context, COORDINATOR,
        "camera: Shard [c1] allocation failed.", new IllegalStateException("a bug in the strategy"))));
    context.stop();
  }
}

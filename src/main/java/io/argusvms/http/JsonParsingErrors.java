package io.argusvms.http;

import java.util.Locale;
import org.apache.pekko.event.LoggingAdapter;
import org.apache.pekko.http.ParsingErrorHandler;
import org.apache.pekko.http.javadsl.model.HttpResponse;
import org.apache.pekko.http.scaladsl.model.ErrorInfo;
import org.apache.pekko.http.scaladsl.model.StatusCode;
import org.apache.pekko.http.scaladsl.settings.ServerSettings;

/**
 * Requests too malformed to reach the routes (a URI over the length limit, a broken request line,
 * headers over the size limit) are answered as JSON too, like every other error, with Pekko's
 * one-line summary only: its detail can quote the request, credentials included, so it is neither
 * shown nor logged. Named in the server settings ({@link HttpServer#serverSettings}).
 */
public final class JsonParsingErrors extends ParsingErrorHandler {

  @Override
  public HttpResponse handle(StatusCode status, ErrorInfo info, LoggingAdapter log, ServerSettings settings) {
    int code = status.intValue();
    String reason = status.reason().toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]+", "_");
    return Json.error(code, reason, info.summary());
  }
}

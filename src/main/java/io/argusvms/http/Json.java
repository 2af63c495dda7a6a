package io.argusvms.http;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.argusvms.system.ServiceException;
import org.apache.pekko.http.javadsl.model.ContentTypes;
import org.apache.pekko.http.javadsl.model.HttpResponse;
import org.apache.pekko.http.javadsl.model.StatusCode;
import org.apache.pekko.http.javadsl.model.StatusCodes;

/** One ObjectMapper for the API, and JSON responses built from trees (the shape is the contract). */
public final class Json {
  public static final ObjectMapper MAPPER = new ObjectMapper();

  private Json() {}

  public static ObjectNode object() {
    return MAPPER.createObjectNode();
  }

  /** Parses a request body that must be a JSON object; anything else is the client's mistake. */
  public static ObjectNode parseObject(String body) {
    JsonNode node;
    try {
      node = MAPPER.readTree(body);
    } catch (JsonProcessingException e) {
      throw new ServiceException(400, "malformed_json", "The request body is not valid JSON: " + e.getOriginalMessage());
    }
    if (node == null || !node.isObject()) {
      throw new ServiceException(400, "malformed_json", "The request body must be a JSON object");
    }
    return (ObjectNode) node;
  }

  public static HttpResponse response(StatusCode status, JsonNode body) {
    return HttpResponse.create()
        .withStatus(status)
        .withEntity(ContentTypes.APPLICATION_JSON, body.toString());
  }

  public static HttpResponse ok(JsonNode body) {
    return response(StatusCodes.OK, body);
  }

  public static HttpResponse error(int status, String code, String message) {
    ObjectNode body = object().put("error", code).put("message", message);
    return response(StatusCodes.get(status), body);
  }
}

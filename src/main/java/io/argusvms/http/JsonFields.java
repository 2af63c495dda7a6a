package io.argusvms.http;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Iterator;
import java.util.Optional;
import java.util.Set;

/** Typed, validating reads of a request object; every failure names the field (400). */
final class JsonFields {
  private final ObjectNode body;

  JsonFields(ObjectNode body, Set<String> allowed) {
    this.body = body;
    for (Iterator<String> it = body.fieldNames(); it.hasNext(); ) {
      String name = it.next();
      if (!allowed.contains(name)) throw ApiException.badRequest(name, "unknown field");
    }
  }

  boolean has(String field) {
    return body.has(field);
  }

  /** Absent -> empty; present but not a string (null included) -> 400. */
  Optional<String> string(String field) {
    JsonNode n = body.get(field);
    if (n == null) return Optional.empty();
    if (!n.isTextual()) throw ApiException.badRequest(field, "must be a string");
    return Optional.of(n.textValue());
  }

  Optional<Boolean> bool(String field) {
    JsonNode n = body.get(field);
    if (n == null) return Optional.empty();
    if (!n.isBoolean()) throw ApiException.badRequest(field, "must be true or false");
    return Optional.of(n.booleanValue());
  }

  Optional<Integer> integer(String field, int min, int max) {
    JsonNode n = body.get(field);
    if (n == null) return Optional.empty();
    if (!n.isIntegralNumber() || !n.canConvertToInt()) throw ApiException.badRequest(field, "must be an integer");
    int v = n.intValue();
    if (v < min || v > max) throw ApiException.badRequest(field, "must be between " + min + " and " + max);
    return Optional.of(v);
  }

  JsonNode node(String field) {
    return body.get(field);
  }

  /** A display name: non-blank, at most 100 characters, trimmed. */
  static String validName(String field, String value) {
    String trimmed = value.strip();
    if (trimmed.isEmpty()) throw ApiException.badRequest(field, "must not be blank");
    if (trimmed.length() > 100) throw ApiException.badRequest(field, "must be at most 100 characters");
    return trimmed;
  }
}

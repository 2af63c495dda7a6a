package io.argusvms.http;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.argusvms.system.ServiceException;
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
      if (!allowed.contains(name)) throw ServiceException.badRequest(name, "unknown field");
    }
  }

  boolean has(String field) {
    return body.has(field);
  }

  /**
   * Absent -> empty; present but not a string (null included) -> 400; ill-formed text (a lone
   * UTF-16 surrogate, which JSON's \\u escapes can carry) -> 400, because it cannot be stored: the
   * System database's CBOR serializer refuses it, and a map that cannot be written loses every
   * later write to it.
   */
  Optional<String> string(String field) {
    JsonNode n = body.get(field);
    if (n == null) return Optional.empty();
    if (!n.isTextual()) throw ServiceException.badRequest(field, "must be a string");
    String s = n.textValue();
    if (!isWellFormed(s)) throw ServiceException.badRequest(field, "is not well-formed Unicode (a lone surrogate)");
    return Optional.of(s);
  }

  /** True when every surrogate of {@code s} is half of a pair. */
  static boolean isWellFormed(String s) {
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (Character.isHighSurrogate(c)) {
        if (i + 1 >= s.length() || !Character.isLowSurrogate(s.charAt(i + 1))) return false;
        i++;
      } else if (Character.isLowSurrogate(c)) {
        return false;
      }
    }
    return true;
  }

  Optional<Boolean> bool(String field) {
    JsonNode n = body.get(field);
    if (n == null) return Optional.empty();
    if (!n.isBoolean()) throw ServiceException.badRequest(field, "must be true or false");
    return Optional.of(n.booleanValue());
  }

  Optional<Integer> integer(String field, int min, int max) {
    JsonNode n = body.get(field);
    if (n == null) return Optional.empty();
    if (!n.isIntegralNumber() || !n.canConvertToInt()) throw ServiceException.badRequest(field, "must be an integer");
    int v = n.intValue();
    if (v < min || v > max) throw ServiceException.badRequest(field, "must be between " + min + " and " + max);
    return Optional.of(v);
  }

  JsonNode node(String field) {
    return body.get(field);
  }

  /** A display name: non-blank, at most 100 characters, trimmed. */
  static String validName(String field, String value) {
    String trimmed = value.strip();
    if (trimmed.isEmpty()) throw ServiceException.badRequest(field, "must not be blank");
    if (trimmed.length() > 100) throw ServiceException.badRequest(field, "must be at most 100 characters");
    return trimmed;
  }
}

package io.argusvms.system;

import java.util.Base64;


/** Per-System secret that signs login tokens, so a token from one server is valid on all. */
public record SystemSecret(String tokenKeyBase64) implements CborSerializable {
  public byte[] tokenKey() {
    return Base64.getDecoder().decode(tokenKeyBase64);
  }
}

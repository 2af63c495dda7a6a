package io.argusvms.onvif;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;

/**
 * WS-Security UsernameToken with a password digest (OASIS UsernameToken Profile 1.0, as ONVIF Core
 * 5.12 requires): Base64(SHA-1(nonce + created + password)). The password never travels; a device
 * refuses a token whose {@code created} is too far from its own clock, which is why
 * {@code created} is the device's time (ours plus the offset its GetSystemDateAndTime showed).
 */
final class UsernameToken {
  private UsernameToken() {}

  static String digest(byte[] nonce, String created, String password) {
    try {
      MessageDigest sha1 = MessageDigest.getInstance("SHA-1");
      sha1.update(nonce);
      sha1.update(created.getBytes(StandardCharsets.UTF_8));
      sha1.update(password.getBytes(StandardCharsets.UTF_8));
      return Base64.getEncoder().encodeToString(sha1.digest());
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("no SHA-1 in this JVM", e);
    }
  }

  /** The {@code wsse:Security} header element. */
  static String header(String username, String password, byte[] nonce, String created) {
    return "<wsse:Security s:mustUnderstand=\"1\""
        + " xmlns:wsse=\"http://docs.oasis-open.org/wss/2004/01/oasis-200401-wss-wssecurity-secext-1.0.xsd\""
        + " xmlns:wsu=\"http://docs.oasis-open.org/wss/2004/01/oasis-200401-wss-wssecurity-utility-1.0.xsd\">"
        + "<wsse:UsernameToken><wsse:Username>" + Soap.escape(username) + "</wsse:Username>"
        + "<wsse:Password Type=\"http://docs.oasis-open.org/wss/2004/01/oasis-200401-wss-username-token-profile-1.0"
        + "#PasswordDigest\">" + digest(nonce, created, password) + "</wsse:Password>"
        + "<wsse:Nonce EncodingType=\"http://docs.oasis-open.org/wss/2004/01/oasis-200401-wss-soap-message-security-1.0"
        + "#Base64Binary\">" + Base64.getEncoder().encodeToString(nonce) + "</wsse:Nonce>"
        + "<wsu:Created>" + created + "</wsu:Created></wsse:UsernameToken></wsse:Security>";
  }
}

package io.argusvms.system;

import java.util.Base64;


/**
 * A System that was merged into this one. Its token secret is kept so that a server of it that
 * was offline during the merge can still be told to switch when it comes back: it accepts a
 * request signed with its old System's secret (membership's MergeStragglers).
 */
public record MergedSystem(String systemId, String name, String tokenKeyBase64, long mergedAtMs)
    implements CborSerializable {
  public byte[] tokenKey() {
    return Base64.getDecoder().decode(tokenKeyBase64);
  }
}

package io.argusvms.system;

import java.util.Set;

/**
 * What a server reports about itself every few seconds (not durable: it is rebuilt after a
 * restart).
 *
 * @param reachableCameraIds cameras whose stream this server can open a TCP connection to
 */
public record ServerRuntime(StorageInfo storage, Set<String> reachableCameraIds, long updatedMs)
    implements CborSerializable {}

package io.argusvms.system;


/** The archive storage of one server. */
public record StorageInfo(String path, long totalBytes, long freeBytes, boolean writable)
    implements CborSerializable {}

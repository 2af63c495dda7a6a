package io.argusvms.system;

/** Marker for messages and replicated values that cross servers, serialized with Jackson CBOR. */
public interface CborSerializable {}

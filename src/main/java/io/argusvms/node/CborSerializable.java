package io.argusvms.node;

/** Marker for messages and replicated values that cross servers, serialized with Jackson CBOR. */
public interface CborSerializable {}

package io.argusvms.system;


/** Who the System is: created once by its first server. */
public record SystemIdentity(String systemId, String name) implements CborSerializable {}

package io.argusvms.system;

import io.argusvms.node.CborSerializable;

/** Who the System is: created once by its first server. */
public record SystemIdentity(String systemId, String name) implements CborSerializable {}

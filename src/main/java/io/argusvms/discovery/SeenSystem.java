package io.argusvms.discovery;

import java.util.List;

/** Another System heard on the LAN recently, with the URL of every server that announced it. */
public record SeenSystem(String systemId, String name, String version, List<String> urls) {}

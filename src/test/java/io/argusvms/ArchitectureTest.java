package io.argusvms;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The package layering of src/main, checked on the sources: a package may use only packages of a
 * lower layer (or of its own), so nothing imports upwards and there are no cycles; and no code
 * names an Argus class by its fully qualified name (the way to dodge an import).
 */
class ArchitectureTest {
  private static final Path MAIN = Path.of("src/main/java/io/argusvms");

  /** Lowest first. A package may depend on any package of a lower layer. */
  private static final List<List<String>> LAYERS = List.of(
      List.of("system"),
      List.of("archive", "discovery", "join", "live", "onvif", "placement", "users"),
      List.of("recording", "merge"),
      List.of("camera"),
      List.of("playback", "servers"),
      List.of("membership"),
      List.of("http"),
      List.of("node"));

  private static final Pattern REFERENCE = Pattern.compile("\\bio\\.argusvms\\.([a-z]+)\\.[A-Z]");
  private static final Pattern COMMENTS_AND_STRINGS =
      Pattern.compile("\"(?:\\\\.|[^\"\\\\\\n])*\"|//[^\\n]*|/\\*.*?\\*/", Pattern.DOTALL);

  @Test
  void noPackageUsesAPackageAboveItOrBesideIt() throws IOException {
    Map<String, Integer> layerOf = new java.util.HashMap<>();
    for (int i = 0; i < LAYERS.size(); i++) for (String p : LAYERS.get(i)) layerOf.put(p, i);
    List<String> wrong = new ArrayList<>();
    try (Stream<Path> files = Files.walk(MAIN)) {
      for (Path file : files.filter(f -> f.toString().endsWith(".java")).toList()) {
        String pkg = MAIN.relativize(file).getName(0).toString();
        assertTrue(layerOf.containsKey(pkg), "package " + pkg + " has no layer in this test: place it");
        Matcher m = REFERENCE.matcher(code(file));
        while (m.find()) {
          String used = m.group(1);
          if (used.equals(pkg)) continue;
          if (!layerOf.containsKey(used) || layerOf.get(used) >= layerOf.get(pkg)) {
            wrong.add(MAIN.relativize(file) + " uses " + used);
          }
        }
      }
    }
    assertEquals(List.of(), wrong);
  }

  @Test
  void codeNamesArgusClassesByImportNotByFullName() throws IOException {
    TreeSet<String> wrong = new TreeSet<>();
    try (Stream<Path> files = Files.walk(MAIN)) {
      for (Path file : files.filter(f -> f.toString().endsWith(".java")).toList()) {
        String body = code(file).replaceAll("(?m)^(package|import) [^;]+;", "");
        if (REFERENCE.matcher(body).find()) wrong.add(MAIN.relativize(file).toString());
      }
    }
    assertEquals(new TreeSet<>(), wrong);
  }

  private static String code(Path file) throws IOException {
    return COMMENTS_AND_STRINGS.matcher(Files.readString(file)).replaceAll("");
  }
}

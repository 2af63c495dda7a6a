package io.argusvms.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.Optional;
import org.junit.jupiter.api.Test;

class ByteRangeTest {
  @Test
  void parsesTheThreeFormsAndClampsToTheSize() {
    assertEquals(Optional.of(new ByteRange(0, 99)), ByteRange.parse("bytes=0-99", 1000));
    assertEquals(Optional.of(new ByteRange(500, 999)), ByteRange.parse("bytes=500-", 1000));
    assertEquals(Optional.of(new ByteRange(900, 999)), ByteRange.parse("bytes=-100", 1000));
    assertEquals(Optional.of(new ByteRange(0, 999)), ByteRange.parse("bytes=-5000", 1000));
    assertEquals(Optional.of(new ByteRange(990, 999)), ByteRange.parse("bytes=990-5000", 1000));
  }

  @Test
  void servesTheWholeResourceForWhatItDoesNotUnderstand() {
    assertEquals(Optional.empty(), ByteRange.parse(null, 1000));
    assertEquals(Optional.empty(), ByteRange.parse("items=0-5", 1000));
    assertEquals(Optional.empty(), ByteRange.parse("bytes=0-5,10-20", 1000));
    assertEquals(Optional.empty(), ByteRange.parse("bytes=x-y", 1000));
    assertEquals(Optional.empty(), ByteRange.parse("bytes=50-10", 1000));
  }

  @Test
  void aRangePastTheEndIsUnsatisfiable() {
    assertThrows(ByteRange.Unsatisfiable.class, () -> ByteRange.parse("bytes=1000-", 1000));
    assertThrows(ByteRange.Unsatisfiable.class, () -> ByteRange.parse("bytes=-0", 1000));
    assertThrows(ByteRange.Unsatisfiable.class, () -> ByteRange.parse("bytes=0-", 0));
  }
}

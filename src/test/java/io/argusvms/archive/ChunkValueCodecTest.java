package io.argusvms.archive;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

class ChunkValueCodecTest {
  static final long T0 = 1_768_471_200_000L;

  static ChunkRecord minuteChunk() {
    List<KeyframeEntry> keyframes = new ArrayList<>();
    for (int i = 0; i < 60; i++) {
      keyframes.add(new KeyframeEntry(T0 + i * 1000L, i * 250_000L + (i % 7) * 188L));
    }
    return new ChunkRecord("cam1", T0, T0 + 60_040,
        "/var/lib/argus/archive/cam1/2026-01-15/1768471200000.ts", 15_000_000, keyframes, true);
  }

  @Test
  void roundTripKeepsEveryField() {
    ChunkRecord chunk = minuteChunk();
    assertEquals(chunk, ChunkValueCodec.decode("cam1", T0, ChunkValueCodec.encode(chunk)));
    ChunkRecord open = new ChunkRecord("cam1", T0, T0, "/x.ts", 0, List.of(), false);
    assertEquals(open, ChunkValueCodec.decode("cam1", T0, ChunkValueCodec.encode(open)));
  }

  @Test
  void aMinuteWithSixtyKeyframesStaysSmall() {
    int size = ChunkValueCodec.encode(minuteChunk()).length;
    // path (56) + header (~12) + 60 keyframes of at most 2 + 4 bytes
    assertTrue(size < 56 + 12 + 60 * 6, "encoded size " + size);
  }

  @Test
  void everyTruncationOfAValueIsRejectedNotMisread() {
    byte[] value = ChunkValueCodec.encode(minuteChunk());
    for (int n = 0; n < value.length; n++) {
      byte[] cut = Arrays.copyOf(value, n);
      assertThrows(ChunkValueCodec.CorruptValueException.class,
          () -> ChunkValueCodec.decode("cam1", T0, cut), "length " + n);
    }
  }

  @Test
  void unknownVersionIsRejected() {
    byte[] value = ChunkValueCodec.encode(minuteChunk());
    value[0] = 2;
    assertThrows(ChunkValueCodec.CorruptValueException.class,
        () -> ChunkValueCodec.decode("cam1", T0, value));
  }
}

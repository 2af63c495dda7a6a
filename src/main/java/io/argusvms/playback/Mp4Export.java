package io.argusvms.playback;

import static org.bytedeco.ffmpeg.global.avcodec.av_packet_unref;
import static org.bytedeco.ffmpeg.global.avutil.AV_NOPTS_VALUE;
import static org.bytedeco.ffmpeg.global.avutil.av_rescale_q;

import io.argusvms.archive.ChunkRecord;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.bytedeco.ffmpeg.avcodec.AVPacket;
import org.bytedeco.ffmpeg.avformat.AVStream;
import org.bytedeco.ffmpeg.avutil.AVRational;
import org.bytedeco.ffmpeg.global.avutil;
import org.bytedeco.javacv.FFmpegFrameGrabber;
import org.bytedeco.javacv.FFmpegFrameRecorder;
import org.bytedeco.javacv.FrameGrabber;
import org.bytedeco.javacv.FrameRecorder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Remuxes (no transcode) the chunks of a span into one fragmented MP4. Packets are copied; each
 * chunk's timestamps are rebased onto one output timeline laid out by {@link ExportPlan} (small
 * jitter kept, gaps closed).
 */
public final class Mp4Export {
  private Mp4Export() {}

  private static final Logger log = LoggerFactory.getLogger(Mp4Export.class);

  /** Fragmented, so the MP4 streams out without seeking back to write the index. */
  static final String MOVFLAGS = "frag_keyframe+empty_moov+default_base_moof";

  /**
   * Writes a fragmented MP4 (streamable, no seek on the output) of [fromMs, toMs) to {@code out},
   * starting at the keyframe at or before fromMs. Blocking: run it off Pekko's dispatchers. Does not
   * close {@code out}. Each chunk's bytes come from {@code source} (this server's store, another
   * server's API).
   *
   * @throws IOException if nothing is recorded in the span, a chunk file is missing or unreadable,
   *     or writing fails
   */
  public static void write(List<ChunkRecord> chunks, long fromMs, long toMs, OutputStream out, ChunkSource source)
      throws IOException {
    ExportPlan plan = ExportPlan.of(chunks, fromMs, toMs);
    if (plan.isEmpty()) {
      throw new IOException("no recorded video between " + fromMs + " and " + toMs);
    }
    for (ExportPlan.Piece piece : plan.pieces()) { // fail before the first byte goes out
      source.check(piece.chunk());
    }
    new Remux(toMs, out, source).run(plan);
    out.flush();
  }

  /** One export run: the recorder, and the last timestamps written per output stream. */
  private static final class Remux {
    private static final AVRational MICROS = avutil.av_make_q(1, 1_000_000);

    private final long toMs;
    private final OutputStream out;
    private final Map<Integer, Long> lastDtsMicros = new HashMap<>();
    private final Map<Integer, Long> frameMicros = new HashMap<>();
    private final List<FFmpegFrameGrabber> openGrabbers = new ArrayList<>();
    private FFmpegFrameRecorder recorder;
    private long dropped;

    private final ChunkSource source;

    Remux(long toMs, OutputStream out, ChunkSource source) {
      this.toMs = toMs;
      this.out = out;
      this.source = source;
    }

    void run(ExportPlan plan) throws IOException {
      List<InputStream> inputs = new ArrayList<>();
      try {
        for (ExportPlan.Piece piece : plan.pieces()) {
          ChunkRecord chunk = piece.chunk();
          InputStream in = source.open(chunk, piece.byteOffset(), chunk.sizeBytes() - piece.byteOffset());
          inputs.add(in);
          FFmpegFrameGrabber grabber = new FFmpegFrameGrabber(in, 0);
          grabber.setFormat("mpegts");
          grabber.setCloseInputStream(false);
          openGrabbers.add(grabber);
          try {
            grabber.start();
          } catch (FrameGrabber.Exception e) {
            throw new IOException("cannot read chunk " + chunk.path() + ": " + e.getMessage(), e);
          }
          if (recorder == null) {
            startRecorder(grabber);
          }
          boolean reachedEnd = copy(piece, grabber);
          if (!openGrabbers.isEmpty() && grabber != openGrabbers.get(0)) {
            // the first grabber's format context stays: the recorder reads stream time bases from it
            grabber.release();
            openGrabbers.remove(grabber);
            in.close();
            inputs.remove(in);
          }
          if (reachedEnd) {
            break;
          }
        }
        recorder.stop();
        if (dropped > 0) {
          log.debug("MP4 export skipped {} packets without timestamps or out of order", dropped);
        }
      } finally {
        if (recorder != null) {
          try {
            recorder.release();
          } catch (FrameRecorder.Exception ignored) {
            // already failed or stopped; nothing more to free
          }
        }
        for (FFmpegFrameGrabber grabber : openGrabbers) {
          grabber.release();
        }
        for (InputStream in : inputs) {
          in.close();
        }
      }
    }

    private void startRecorder(FFmpegFrameGrabber grabber) throws IOException {
      recorder = new FFmpegFrameRecorder(out, grabber.getImageWidth(), grabber.getImageHeight(), grabber.getAudioChannels());
      recorder.setCloseOutputStream(false);
      recorder.setFormat("mp4");
      recorder.setOption("movflags", MOVFLAGS);
      // MPEG-TS stream-type tags (27 = H.264) mean nothing in MP4: let the muxer pick its own (avc1)
      for (int i = 0; i < grabber.getFormatContext().nb_streams(); i++) {
        grabber.getFormatContext().streams(i).codecpar().codec_tag(0);
      }
      try {
        recorder.start(grabber.getFormatContext());
      } catch (FrameRecorder.Exception e) {
        throw new IOException("cannot start MP4 writer: " + e.getMessage(), e);
      }
    }

    /** Copies one chunk's packets; returns true once a packet at or after toMs was met. */
    private boolean copy(ExportPlan.Piece piece, FFmpegFrameGrabber grabber) throws IOException {
      int streamCount = recorderStreamCount();
      long anchorMicros = Long.MIN_VALUE; // first timestamp of this chunk = the keyframe at piece.startMs
      long shiftMicros = 0; // pushes this chunk later if its first packet would not follow the previous chunk's last
      Map<Integer, Boolean> seenInChunk = new HashMap<>();
      while (true) {
        AVPacket pkt;
        try {
          pkt = grabber.grabPacket();
        } catch (FrameGrabber.Exception e) {
          throw new IOException("cannot read chunk " + piece.chunk().path() + ": " + e.getMessage(), e);
        }
        if (pkt == null) {
          return false;
        }
        boolean written = false;
        try {
          int index = pkt.stream_index();
          long dts = pkt.dts() != AV_NOPTS_VALUE ? pkt.dts() : pkt.pts();
          if (index >= streamCount || dts == AV_NOPTS_VALUE) {
            dropped++;
            continue;
          }
          AVStream stream = grabber.getFormatContext().streams(index);
          AVRational timeBase = stream.time_base();
          long dtsMicros = av_rescale_q(dts, timeBase, MICROS);
          if (anchorMicros == Long.MIN_VALUE) {
            anchorMicros = dtsMicros;
          }
          long wallMs = piece.startMs() + (dtsMicros - anchorMicros) / 1000;
          if (wallMs >= toMs) {
            if (stream.codecpar().codec_type() == avutil.AVMEDIA_TYPE_VIDEO) {
              return true;
            }
            continue;
          }
          long outMicros = piece.outStartMs() * 1000 + (dtsMicros - anchorMicros) + shiftMicros;
          Long last = lastDtsMicros.get(index);
          if (last != null && outMicros <= last) {
            if (seenInChunk.containsKey(index)) {
              dropped++; // DTS going backwards inside a chunk: the muxer would refuse it
              continue;
            }
            long step = frameMicros.getOrDefault(index, 40_000L);
            shiftMicros += last + step - outMicros;
            outMicros = last + step;
          }
          seenInChunk.put(index, Boolean.TRUE);
          if (last != null && outMicros - last > 0 && outMicros - last < 1_000_000) {
            frameMicros.put(index, outMicros - last);
          }
          lastDtsMicros.put(index, outMicros);
          long newDts = av_rescale_q(outMicros, MICROS, timeBase);
          long delta = newDts - dts;
          pkt.dts(newDts);
          if (pkt.pts() != AV_NOPTS_VALUE) {
            pkt.pts(pkt.pts() + delta);
          } else {
            pkt.pts(newDts);
          }
          try {
            recorder.recordPacket(pkt);
          } catch (FrameRecorder.Exception e) {
            throw new IOException("cannot write MP4: " + e.getMessage(), e);
          }
          written = true; // the muxer took the packet's data
        } finally {
          if (!written) {
            av_packet_unref(pkt);
          }
        }
      }
    }

    private int recorderStreamCount() {
      return openGrabbers.get(0).getFormatContext().nb_streams();
    }
  }
}

package io.argusvms.recording;

import static org.bytedeco.ffmpeg.global.avcodec.av_packet_rescale_ts;
import static org.bytedeco.ffmpeg.global.avcodec.avcodec_parameters_copy;
import static org.bytedeco.ffmpeg.global.avformat.AVIO_FLAG_WRITE;
import static org.bytedeco.ffmpeg.global.avformat.av_write_frame;
import static org.bytedeco.ffmpeg.global.avformat.av_write_trailer;
import static org.bytedeco.ffmpeg.global.avformat.avformat_alloc_output_context2;
import static org.bytedeco.ffmpeg.global.avformat.avformat_free_context;
import static org.bytedeco.ffmpeg.global.avformat.avformat_new_stream;
import static org.bytedeco.ffmpeg.global.avformat.avformat_write_header;
import static org.bytedeco.ffmpeg.global.avformat.avio_closep;
import static org.bytedeco.ffmpeg.global.avformat.avio_flush;
import static org.bytedeco.ffmpeg.global.avformat.avio_open;
import static org.bytedeco.ffmpeg.global.avformat.avio_tell;

import java.io.IOException;
import java.nio.file.Path;
import org.bytedeco.ffmpeg.avcodec.AVPacket;
import org.bytedeco.ffmpeg.avformat.AVFormatContext;
import org.bytedeco.ffmpeg.avformat.AVIOContext;
import org.bytedeco.ffmpeg.avformat.AVStream;
import org.bytedeco.ffmpeg.avutil.AVDictionary;
import org.bytedeco.ffmpeg.avutil.AVRational;

/**
 * One MPEG-TS file being written by FFmpeg's mpegts muxer, one video stream, packets copied.
 * Knows bytes and offsets, nothing about time or cutting (that is {@link ChunkWriter}).
 */
final class ChunkFile implements AutoCloseable {

  private final Path path;
  private final AVRational inputTimeBase;
  private AVFormatContext context;
  private AVStream stream;
  private long flushedBytes;

  private ChunkFile(Path path, AVRational inputTimeBase) {
    this.path = path;
    this.inputTimeBase = inputTimeBase;
  }

  /** Creates the file and writes the MPEG-TS header (nothing reaches disk before a flush). */
  static ChunkFile create(Path path, StreamInfo video) throws StorageException {
    ChunkFile file = new ChunkFile(path, video.timeBase());
    try {
      file.open(video);
      return file;
    } catch (StorageException | RuntimeException e) {
      file.abandon();
      throw e;
    }
  }

  private void open(StreamInfo video) throws StorageException {
    context = new AVFormatContext(null);
    int rc = avformat_alloc_output_context2(context, null, "mpegts", path.toString());
    if (rc < 0) {
      throw new StorageException("cannot create muxer: " + FfmpegErrors.describe(rc));
    }
    stream = avformat_new_stream(context, null);
    avcodec_parameters_copy(stream.codecpar(), video.codecParameters());
    stream.codecpar().codec_tag(0); // the container picks its own tag
    stream.time_base(video.timeBase());
    AVIOContext pb = new AVIOContext(null);
    rc = avio_open(pb, path.toString(), AVIO_FLAG_WRITE);
    if (rc < 0) {
      throw new StorageException("storage not writable: cannot create " + path + ": "
          + FfmpegErrors.describe(rc));
    }
    context.pb(pb);
    rc = avformat_write_header(context, (AVDictionary) null);
    if (rc < 0) {
      throw new StorageException("cannot write chunk header to " + path + ": " + FfmpegErrors.describe(rc));
    }
  }

  /**
   * Writes one packet (timestamps in the source's time base, already checked by the writer). The
   * packet's timestamps and stream index are changed in place; its data is not taken.
   */
  void write(AVPacket packet) throws StorageException {
    packet.stream_index(0);
    av_packet_rescale_ts(packet, inputTimeBase, stream.time_base());
    int rc = av_write_frame(context, packet);
    if (rc < 0) {
      throw writeFailure("cannot write packet", rc);
    }
  }

  /** Pushes buffered bytes to the file; returns the bytes now on disk. */
  long flush() throws StorageException {
    AVIOContext pb = context.pb();
    avio_flush(pb);
    if (pb.error() < 0) {
      throw writeFailure("cannot write", pb.error());
    }
    flushedBytes = avio_tell(pb);
    return flushedBytes;
  }

  /** Bytes known to be in the file (as of the last flush). */
  long flushedBytes() {
    return flushedBytes;
  }

  Path path() {
    return path;
  }

  /** Writes the trailer, flushes and closes; returns the final size. */
  long finish() throws StorageException {
    try {
      int rc = av_write_trailer(context);
      if (rc < 0) {
        throw writeFailure("cannot finish", rc);
      }
      return flush();
    } finally {
      abandon();
    }
  }

  @Override
  public void close() {
    abandon();
  }

  /** Frees everything without writing more (after an error, or after finish). */
  private void abandon() {
    if (context != null) {
      if (context.pb() != null && !context.pb().isNull()) {
        AVIOContext pb = context.pb();
        avio_closep(pb);
        context.pb(null);
      }
      avformat_free_context(context);
      context = null;
    }
  }

  private StorageException writeFailure(String what, int rc) {
    String reason = FfmpegErrors.isNoSpace(rc) ? "storage full" : "storage write failed";
    return new StorageException(reason + ": " + what + " " + path + ": " + FfmpegErrors.describe(rc));
  }
}

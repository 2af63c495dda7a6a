package io.argusvms.recording;

import io.argusvms.recording.RecordingSettings.RtspReader;
import java.util.function.BooleanSupplier;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Which reader opens one session's RTSP camera: Argus's own ({@link JavaRtspSource}) unless the
 * settings say FFmpeg, the URL is rtsps:// (TLS), or the stream turned out to be one it does not
 * read; from then on, FFmpeg's ({@link RtspSource}) for the rest of the session.
 */
final class RtspSources {
  private static final Logger log = LoggerFactory.getLogger(RtspSources.class);

  private final String cameraId;
  private volatile String ffmpegBecause; // null while Argus's reader may read this camera

  RtspSources(String cameraId) {
    this.cameraId = cameraId;
  }

  /** @param readBatchMs how long Argus's reader lets packets gather between reads (asked before each) */
  PacketSource open(CameraUrl url, String username, String password, RecordingSettings settings,
      LongSupplier readBatchMs, BooleanSupplier stopRequested) throws SourceException {
    boolean tls = url.url().regionMatches(true, 0, "rtsps:", 0, 6);
    if (settings.rtspReader() == RtspReader.ARGUS && !tls && ffmpegBecause == null) {
      try {
        return JavaRtspSource.open(url, username, password, settings.socketTimeout(), readBatchMs,
            stopRequested);
      } catch (JavaRtspSource.Unsupported e) {
        readerFailed(e);
      }
    }
    return RtspSource.open(url, username, password, settings.socketTimeout(), stopRequested);
  }

  /** A read failed; if because Argus's reader does not read this stream, FFmpeg's reads it from now on. */
  void readerFailed(Exception e) {
    if (e instanceof JavaRtspSource.Unsupported && ffmpegBecause == null) {
      ffmpegBecause = e.getMessage();
      log.info("camera {}: {}", cameraId, ffmpegBecause);
    }
  }
}

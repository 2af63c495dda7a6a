package io.argusvms.recording;

import java.io.IOException;
import org.bytedeco.ffmpeg.avcodec.AVPacket;

/**
 * A camera stream as encoded packets (never decoded): RTSP, or the demo camera. Used by one
 * thread at a time.
 */
public interface PacketSource extends AutoCloseable {

  /** The video stream; packets of other streams may be returned by {@link #read()} too. */
  StreamInfo video();

  /**
   * Blocks for the next packet, at most the socket timeout. The caller owns the returned packet's
   * data and must {@code av_packet_unref} it before the next call.
   *
   * @throws SourceException why the stream ended (stalled, closed by the camera, stop requested)
   */
  AVPacket read() throws IOException;

  @Override
  void close();
}

package io.argusvms.recording;

import static org.bytedeco.ffmpeg.global.avcodec.AV_PKT_FLAG_KEY;
import static org.bytedeco.ffmpeg.global.avutil.AV_NOPTS_VALUE;

import io.argusvms.live.LiveFeed;
import org.bytedeco.ffmpeg.avcodec.AVPacket;
import org.bytedeco.ffmpeg.global.avcodec;
import org.bytedeco.javacpp.BytePointer;

/**
 * The first stage of every session's pipeline: hands each video frame to the camera's
 * {@link LiveFeed} before the rest of the pipeline sees it (the writer shifts timestamps), so live
 * viewers see what the camera sent, whether this session records or holds a standby. The bytes
 * are copied only while somebody watches.
 */
final class LiveTap implements PacketSink {
  private static final int RTP_CLOCK = 90_000;

  private final LiveFeed feed;
  private final Object key;
  private final StreamInfo video;
  private final PacketSink next;

  private LiveTap(LiveFeed feed, StreamInfo video, PacketSink next) {
    this.feed = feed;
    this.key = feed.publisher();
    this.video = video;
    this.next = next;
    if (video.codecParameters() != null && !isH264()) {
      feed.unsupported(key, "the camera sends " + avcodec.avcodec_get_name(video.codecParameters().codec_id()).getString()
          + "; live view over MSE carries H.264 only");
    } else if (video.codecParameters() != null) {
      BytePointer extradata = video.codecParameters().extradata();
      int size = video.codecParameters().extradata_size();
      if (extradata != null && size > 0) {
        byte[] b = new byte[size];
        extradata.get(b, 0, size);
        feed.parameterSets(key, b);
      }
    }
  }

  static RecordingPipeline.Stage stage(LiveFeed feed) {
    return (video, next) -> new LiveTap(feed, video, next);
  }

  @Override
  public boolean write(AVPacket packet, long receivedAtMs) throws StorageException {
    if (packet.stream_index() == video.streamIndex()) {
      if (feed.watched() && packet.size() > 0 && isH264()) {
        byte[] data = new byte[packet.size()];
        packet.data().get(data, 0, data.length);
        long pts = packet.pts();
        long dts = packet.dts() != AV_NOPTS_VALUE ? packet.dts() : pts;
        feed.frame(key, data, toRtpClock(dts), toRtpClock(pts), (packet.flags() & AV_PKT_FLAG_KEY) != 0,
            receivedAtMs);
      } else {
        feed.arrived(key, receivedAtMs);
      }
    }
    return next.write(packet, receivedAtMs);
  }

  private boolean isH264() {
    return video.codecParameters() != null && video.codecParameters().codec_id() == avcodec.AV_CODEC_ID_H264;
  }

  private long toRtpClock(long t) {
    int num = video.timeBase().num();
    int den = video.timeBase().den();
    if (num == 1 && den == RTP_CLOCK) return t;
    return Math.round(t * ((double) RTP_CLOCK * num / den)); // exact below 2^53, far beyond any stream's clock
  }

  @Override
  public void close() {
    feed.ended(key);
    next.close();
  }
}

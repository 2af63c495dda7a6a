package io.argusvms.recording;

import org.bytedeco.ffmpeg.avcodec.AVCodecParameters;
import org.bytedeco.ffmpeg.avutil.AVRational;

/**
 * What a chunk writer needs to know about the video stream it copies: the codec parameters (copied
 * into each chunk file) and the time base of the packets' timestamps. Owned by the source; valid
 * while the source is open.
 *
 * @param streamIndex packets of other streams (audio, data) carry another index and are skipped
 */
public record StreamInfo(int streamIndex, AVCodecParameters codecParameters, AVRational timeBase) {}

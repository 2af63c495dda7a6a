package io.argusvms.onvif;

import java.util.List;

/**
 * What inspecting a device found (ONVIF Profile S device and media services).
 *
 * @param deviceTimeMs the device's clock (UTC) when asked, or -1 when it did not say
 * @param clockSkewMs device clock minus ours (UsernameToken tolerates a few seconds; Argus sends
 *     the device's time, so a skew is shown, not fatal)
 * @param profiles the media profiles with H.264 or H.265 video, main stream first
 */
public record DeviceReport(String manufacturer, String model, String firmware, String serial, String hardwareId,
    long deviceTimeMs, long clockSkewMs, List<Profile> profiles) {

  /**
   * One media profile: its video and where to get it.
   *
   * @param encoding H264 or H265
   * @param streamUri the RTSP URI (RTP-Unicast over RTSP) the device gave for it
   * @param snapshotUri its JPEG snapshot URI, or null when the device has none
   */
  public record Profile(String token, String name, String encoding, int width, int height, double frameRate,
      int bitrateKbps, String streamUri, String snapshotUri) {}
}

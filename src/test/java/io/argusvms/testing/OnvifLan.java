package io.argusvms.testing;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A LAN of simulated ONVIF cameras, one device per address, as its own process: a system test
 * starts it inside a network namespace ({@code ip netns exec}), so that the servers' WS-Discovery
 * really crosses a bridge. One GStreamer RTSP camera on all addresses streams for every device.
 *
 * <p>Usage: {@code OnvifLan <prefix>} (a /24 such as {@code 10.206.7}): the devices are
 * {@code open} at .10 (no authentication), {@code secure} at .12 (UsernameToken
 * {@link TestCamera#USER}/{@link TestCamera#PASSWORD}; its stream needs the same credentials), and
 * the hostile {@code garbage} .13, {@code bomb} .14 (an XML bomb) and {@code huge} .15 (a 3 MiB
 * answer), each answering Probes from its own address; .11 is an impostor that answers for a
 * device on .10. Every answer comes with garbage, XML-bomb and 60 KB datagrams. Prints
 * {@code DEVICE <name> <address> <deviceServiceUrl> <streamUri>} per device, then {@code READY},
 * and runs until its standard input closes.
 */
public final class OnvifLan {
  private OnvifLan() { }

  public static void main(String[] args) throws Exception {
    String prefix = args[0];
    List<AutoCloseable> running = new ArrayList<>();
    try {
      TestCamera camera = TestCamera.start(1, List.of(), "0.0.0.0");
      running.add(camera);
      int rtsp = camera.port();
      Map<String, String> devices = new LinkedHashMap<>();
      devices.put("open", prefix + ".10");
      devices.put("secure", prefix + ".12");
      devices.put("garbage", prefix + ".13");
      devices.put("bomb", prefix + ".14");
      devices.put("huge", prefix + ".15");
      for (Map.Entry<String, String> d : devices.entrySet()) {
        String name = d.getKey();
        String address = d.getValue();
        boolean secure = name.equals("secure");
        String stream = "rtsp://" + address + ":" + rtsp + (secure ? "/secure" : "/cam0");
        OnvifDevice device = new OnvifDevice(address, secure ? TestCamera.USER : null,
            secure ? TestCamera.PASSWORD : null, 0, stream);
        running.add(device);
        switch (name) {
          case "garbage" -> device.mode(OnvifDevice.Mode.GARBAGE);
          case "bomb" -> device.mode(OnvifDevice.Mode.XML_BOMB);
          case "huge" -> device.mode(OnvifDevice.Mode.HUGE);
          default -> { }
        }
        running.add(new OnvifResponder(address, address,
            List.of(new OnvifResponder.Match("urn:uuid:argus-sim-" + name, device.deviceServiceUrl(), name)),
            OnvifResponder.hostileDatagrams()));
        System.out.println("DEVICE " + name + " " + address + " " + device.deviceServiceUrl() + " " + stream);
        if (name.equals("open")) {
          // Answers from .11 for the device on .10: a spoofed or misdirected answer.
          running.add(new OnvifResponder(prefix + ".11", prefix + ".11",
              List.of(new OnvifResponder.Match("urn:uuid:argus-sim-impostor", device.deviceServiceUrl(), "impostor")),
              List.of()));
        }
      }
      System.out.println("READY");
      System.out.flush();
      while (System.in.read() >= 0) {
        // until the test closes our input (or goes away)
      }
    } finally {
      for (int i = running.size() - 1; i >= 0; i--) {
        try {
          running.get(i).close();
        } catch (Exception e) {
          e.printStackTrace();
        }
      }
    }
  }
}

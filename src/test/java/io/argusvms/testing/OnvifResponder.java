package io.argusvms.testing;

import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.MulticastSocket;
import java.net.NetworkInterface;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The WS-Discovery side of simulated devices: joins 239.255.255.250:3702 on the interface of an
 * address and answers every Probe with one ProbeMatch per device, sent to the prober's socket from
 * {@code replyFrom} (an address of this host: another one than the devices' plays a spoofed
 * answer). Hostile datagrams given at start go out first, with every answer.
 */
public final class OnvifResponder implements AutoCloseable {
  public static final String GROUP = "239.255.255.250";
  public static final int PORT = 3702;

  /** One device as it answers a Probe. */
  public record Match(String endpoint, String xaddr, String name) { }

  private static final Pattern MESSAGE_ID = Pattern.compile("<(?:\\w+:)?MessageID>([^<]+)<");
  private static final Pattern PROBE = Pattern.compile("<(?:\\w+:)?Probe[\\s>/]");

  private final MulticastSocket listening;
  private final DatagramSocket replying;
  private final List<Match> matches;
  private final List<byte[]> hostile;
  private final Thread thread;
  private volatile boolean running = true;
  private volatile int probesAnswered;

  /**
   * @param onInterfaceOf an address whose interface the group is joined on
   * @param replyFrom the source address of the answers
   */
  public OnvifResponder(String onInterfaceOf, String replyFrom, List<Match> matches, List<byte[]> hostile)
      throws IOException {
    this.matches = List.copyOf(matches);
    this.hostile = List.copyOf(hostile);
    listening = new MulticastSocket(PORT); // SO_REUSEADDR: several responders on one host
    listening.setSoTimeout(200);
    NetworkInterface nif = NetworkInterface.getByInetAddress(InetAddress.getByName(onInterfaceOf));
    listening.joinGroup(new InetSocketAddress(InetAddress.getByName(GROUP), PORT), nif);
    replying = new DatagramSocket(new InetSocketAddress(InetAddress.getByName(replyFrom), 0));
    thread = new Thread(this::answerProbes, "onvif-responder-" + replyFrom);
    thread.setDaemon(true);
    thread.start();
  }

  /** Hostile WS-Discovery datagrams: not XML, an XML bomb, nearly the largest UDP payload. */
  public static List<byte[]> hostileDatagrams() {
    String bomb = "<?xml version=\"1.0\"?><!DOCTYPE e [<!ENTITY a \"aaaaaaaaaa\">"
        + "<!ENTITY b \"&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;\"><!ENTITY c \"&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;\">]>"
        + "<s:Envelope xmlns:s=\"http://www.w3.org/2003/05/soap-envelope\"><s:Body>&c;</s:Body></s:Envelope>";
    return List.of("<<<garbage &&& not xml".getBytes(StandardCharsets.UTF_8), bomb.getBytes(StandardCharsets.UTF_8),
        ("<a>" + "x".repeat(60_000) + "</a>").getBytes(StandardCharsets.UTF_8));
  }

  /** How many Probes were answered so far. */
  public int probesAnswered() {
    return probesAnswered;
  }

  private void answerProbes() {
    byte[] buf = new byte[65_535];
    while (running) {
      DatagramPacket p = new DatagramPacket(buf, buf.length);
      try {
        listening.receive(p);
        String text = new String(p.getData(), 0, p.getLength(), StandardCharsets.UTF_8);
        Matcher id = MESSAGE_ID.matcher(text);
        if (!PROBE.matcher(text).find() || !id.find()) continue;
        List<byte[]> answers = new ArrayList<>(hostile);
        for (Match m : matches) answers.add(OnvifDevice.probeMatch(id.group(1).trim(), m.endpoint(), m.xaddr(), m.name()));
        for (byte[] a : answers) replying.send(new DatagramPacket(a, a.length, p.getSocketAddress()));
        probesAnswered++;
      } catch (SocketTimeoutException idle) {
        // look at running again
      } catch (IOException e) {
        if (running) e.printStackTrace();
      }
    }
  }

  @Override
  public void close() throws InterruptedException {
    running = false;
    thread.join(2000);
    listening.close();
    replying.close();
  }
}

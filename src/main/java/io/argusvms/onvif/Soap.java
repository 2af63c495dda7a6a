package io.argusvms.onvif;

/** SOAP 1.2 envelopes of ONVIF requests (ONVIF Core 5.1), as text. */
final class Soap {
  static final String NS_ENVELOPE = "http://www.w3.org/2003/05/soap-envelope";
  static final String NS_DEVICE = "http://www.onvif.org/ver10/device/wsdl";
  static final String NS_MEDIA = "http://www.onvif.org/ver10/media/wsdl";
  static final String NS_SCHEMA = "http://www.onvif.org/ver10/schema";

  private Soap() {}

  /** An envelope with an optional header (a WS-Security one, or "") and a body element. */
  static String envelope(String header, String body) {
    return "<?xml version=\"1.0\" encoding=\"UTF-8\"?><s:Envelope xmlns:s=\"" + NS_ENVELOPE + "\""
        + " xmlns:tds=\"" + NS_DEVICE + "\" xmlns:trt=\"" + NS_MEDIA + "\" xmlns:tt=\"" + NS_SCHEMA + "\">"
        + (header.isEmpty() ? "" : "<s:Header>" + header + "</s:Header>") + "<s:Body>" + body + "</s:Body></s:Envelope>";
  }

  static String escape(String s) {
    return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
  }
}

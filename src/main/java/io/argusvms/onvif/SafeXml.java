package io.argusvms.onvif;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import javax.xml.XMLConstants;
import javax.xml.parsers.DocumentBuilder;
import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.parsers.ParserConfigurationException;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.Node;
import org.xml.sax.SAXException;
import org.xml.sax.helpers.DefaultHandler;

/**
 * XML from devices on the LAN, parsed safely: no DOCTYPE at all (so no entity expansion, no XML
 * bomb, no external entity or DTD fetched), no XInclude, a size limit before parsing. Elements are
 * found by local name: devices disagree on namespace prefixes, and SOAP 1.2 answers are read the
 * same whatever they call them.
 */
public final class SafeXml {
  /** Larger answers are refused unread: no ONVIF answer Argus asks for comes near it. */
  public static final int MAX_BYTES = 1 << 20;

  private SafeXml() {}

  public static Document parse(byte[] xml) throws OnvifException {
    if (xml.length > MAX_BYTES) {
      throw new OnvifException(OnvifException.Kind.NOT_ONVIF, "answer of " + xml.length + " bytes is too large");
    }
    try {
      DocumentBuilder b = factory().newDocumentBuilder();
      b.setErrorHandler(new DefaultHandler()); // errors throw; nothing printed to stderr
      return b.parse(new ByteArrayInputStream(xml));
    } catch (SAXException e) {
      throw new OnvifException(OnvifException.Kind.NOT_ONVIF, "answer is not well-formed XML without a DOCTYPE: "
          + firstLine(e.getMessage()));
    } catch (IOException | ParserConfigurationException e) {
      throw new OnvifException(OnvifException.Kind.NOT_ONVIF, "answer cannot be read as XML: " + e.getMessage());
    }
  }

  private static DocumentBuilderFactory factory() throws ParserConfigurationException {
    DocumentBuilderFactory f = DocumentBuilderFactory.newInstance();
    f.setNamespaceAware(true);
    f.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
    f.setFeature("http://xml.org/sax/features/external-general-entities", false);
    f.setFeature("http://xml.org/sax/features/external-parameter-entities", false);
    f.setFeature("http://apache.org/xml/features/nonvalidating/load-external-dtd", false);
    f.setFeature(XMLConstants.FEATURE_SECURE_PROCESSING, true);
    f.setAttribute(XMLConstants.ACCESS_EXTERNAL_DTD, "");
    f.setAttribute(XMLConstants.ACCESS_EXTERNAL_SCHEMA, "");
    f.setXIncludeAware(false);
    f.setExpandEntityReferences(false);
    return f;
  }

  private static String firstLine(String s) {
    if (s == null) return "";
    int nl = s.indexOf('\n');
    return nl < 0 ? s : s.substring(0, nl);
  }

  /** The first element under {@code from} (any depth) with this local name, following the path. */
  public static Element find(Node from, String... path) {
    Node at = from;
    for (String name : path) {
      at = first(at, name);
      if (at == null) return null;
    }
    return (Element) at;
  }

  /** The trimmed text of {@link #find}, or null. */
  public static String text(Node from, String... path) {
    Element e = find(from, path);
    return e == null ? null : e.getTextContent().trim();
  }

  /** Every element under {@code from} (any depth) with this local name, in document order. */
  public static List<Element> all(Node from, String localName) {
    List<Element> out = new ArrayList<>();
    collect(from, localName, out);
    return out;
  }

  private static Element first(Node from, String localName) {
    for (Node c = from.getFirstChild(); c != null; c = c.getNextSibling()) {
      if (c instanceof Element e) {
        if (localName.equals(e.getLocalName())) return e;
        Element deeper = first(e, localName);
        if (deeper != null) return deeper;
      }
    }
    return null;
  }

  private static void collect(Node from, String localName, List<Element> out) {
    for (Node c = from.getFirstChild(); c != null; c = c.getNextSibling()) {
      if (c instanceof Element e) {
        if (localName.equals(e.getLocalName())) out.add(e);
        collect(e, localName, out);
      }
    }
  }
}

package org.novalab.compute.domain;

import java.io.ByteArrayInputStream;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import javax.xml.XMLConstants;
import javax.xml.parsers.DocumentBuilder;
import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.transform.OutputKeys;
import javax.xml.transform.Transformer;
import javax.xml.transform.TransformerFactory;
import javax.xml.transform.dom.DOMSource;
import javax.xml.transform.stream.StreamResult;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.Node;
import org.w3c.dom.NodeList;

/** DOM helpers: build, serialise (indented, no XML declaration, like virsh dumpxml) and read libvirt XML safely. */
public final class Xml {
    private Xml() {
    }

    public static Document newDocument() {
        try {
            return factory().newDocumentBuilder().newDocument();
        } catch (Exception e) {
            throw new IllegalStateException("no XML parser", e);
        }
    }

    public static Element child(Element parent, String name) {
        Element e = parent.getOwnerDocument().createElement(name);
        parent.appendChild(e);
        return e;
    }

    public static Element child(Element parent, String name, String text) {
        Element e = child(parent, name);
        e.setTextContent(text);
        return e;
    }

    public static String serialize(Document doc) {
        try {
            TransformerFactory tf = TransformerFactory.newInstance();
            tf.setAttribute(XMLConstants.ACCESS_EXTERNAL_DTD, "");
            tf.setAttribute(XMLConstants.ACCESS_EXTERNAL_STYLESHEET, "");
            Transformer t = tf.newTransformer();
            t.setOutputProperty(OutputKeys.OMIT_XML_DECLARATION, "yes");
            t.setOutputProperty(OutputKeys.INDENT, "yes");
            t.setOutputProperty("{http://xml.apache.org/xslt}indent-amount", "2");
            StringWriter out = new StringWriter();
            t.transform(new DOMSource(doc), new StreamResult(out));
            return out.toString().strip() + "\n";
        } catch (Exception e) {
            throw new IllegalStateException("cannot serialise XML", e);
        }
    }

    /** Parses untrusted XML: no DTDs, no external entities. */
    public static Element parse(String xml, String expectedRoot) {
        try {
            DocumentBuilder b = factory().newDocumentBuilder();
            b.setErrorHandler(null);
            Document doc = b.parse(new ByteArrayInputStream(xml.getBytes(StandardCharsets.UTF_8)));
            Element root = doc.getDocumentElement();
            if (!root.getTagName().equals(expectedRoot)) {
                throw new InvalidXml("expected <" + expectedRoot + "> but the document is <" + root.getTagName() + ">");
            }
            return root;
        } catch (InvalidXml e) {
            throw e;
        } catch (Exception e) {
            throw new InvalidXml("not well-formed XML: " + e.getMessage(), e);
        }
    }

    public static Optional<Element> first(Element parent, String name) {
        for (Node n = parent.getFirstChild(); n != null; n = n.getNextSibling()) {
            if (n instanceof Element e && e.getTagName().equals(name)) {
                return Optional.of(e);
            }
        }
        return Optional.empty();
    }

    public static Element required(Element parent, String name) {
        return first(parent, name).orElseThrow(
                () -> new InvalidXml("<" + parent.getTagName() + "> has no <" + name + "> element"));
    }

    public static List<Element> all(Element parent, String name) {
        List<Element> out = new ArrayList<>();
        NodeList children = parent.getChildNodes();
        for (int i = 0; i < children.getLength(); i++) {
            if (children.item(i) instanceof Element e && e.getTagName().equals(name)) {
                out.add(e);
            }
        }
        return out;
    }

    public static Optional<String> attr(Element e, String name) {
        return e.hasAttribute(name) ? Optional.of(e.getAttribute(name)) : Optional.empty();
    }

    public static String requiredAttr(Element e, String name) {
        return attr(e, name).orElseThrow(
                () -> new InvalidXml("<" + e.getTagName() + "> has no '" + name + "' attribute"));
    }

    public static String text(Element e) {
        return e.getTextContent().trim();
    }

    private static DocumentBuilderFactory factory() throws Exception {
        DocumentBuilderFactory f = DocumentBuilderFactory.newInstance();
        f.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
        f.setFeature(XMLConstants.FEATURE_SECURE_PROCESSING, true);
        f.setXIncludeAware(false);
        f.setExpandEntityReferences(false);
        f.setNamespaceAware(false);
        return f;
    }
}

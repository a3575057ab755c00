package io.despacho.justicafacil.mapping;

import java.io.IOException;
import java.io.StringReader;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import javax.xml.XMLConstants;
import javax.xml.parsers.DocumentBuilder;
import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.parsers.ParserConfigurationException;

import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.Node;
import org.w3c.dom.NodeList;
import org.xml.sax.ErrorHandler;
import org.xml.sax.InputSource;
import org.xml.sax.SAXException;
import org.xml.sax.SAXParseException;

import io.despacho.shared.UnmappableException;

/**
 * Reads the notas of a Justiça Fácil answer (providers/justicafacil-notas.txt): every {@code list-item} that has an
 * {@code id}, under {@code <root>} directly (novas) or under {@code <root><notas>} (the paged listing). Parsed
 * safely: a DOCTYPE is refused, so no external entity, no entity expansion, no network or file access.
 */
public final class NotasXml {

    private NotasXml() {
    }

    /** One nota: its id and its elements by name, as text, in document order. */
    public record Nota(String id, Map<String, String> fields) {
    }

    public static List<Nota> parse(String xml) {
        Element root = document(xml).getDocumentElement();
        Element notas = child(root, "notas");
        List<Nota> result = new ArrayList<>();
        for (Element item : children(notas != null ? notas : root, "list-item")) {
            Map<String, String> fields = new LinkedHashMap<>();
            for (Node n = item.getFirstChild(); n != null; n = n.getNextSibling()) {
                if (n instanceof Element field) {
                    fields.put(field.getTagName(), field.getTextContent().trim());
                }
            }
            String id = fields.get("id");
            if (id == null || !id.matches("\\d{1,19}")) {
                throw new UnmappableException("a nota without a numeric id");
            }
            result.add(new Nota(id, fields));
        }
        return result;
    }

    private static Document document(String xml) {
        try {
            DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
            factory.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
            factory.setFeature(XMLConstants.FEATURE_SECURE_PROCESSING, true);
            factory.setAttribute(XMLConstants.ACCESS_EXTERNAL_DTD, "");
            factory.setAttribute(XMLConstants.ACCESS_EXTERNAL_SCHEMA, "");
            factory.setXIncludeAware(false);
            factory.setExpandEntityReferences(false);
            factory.setNamespaceAware(false);
            DocumentBuilder builder = factory.newDocumentBuilder();
            builder.setErrorHandler(new ErrorHandler() { // fail, instead of the default's print to stderr
                @Override
                public void warning(SAXParseException e) {
                }

                @Override
                public void error(SAXParseException e) throws SAXException {
                    throw e;
                }

                @Override
                public void fatalError(SAXParseException e) throws SAXException {
                    throw e;
                }
            });
            return builder.parse(new InputSource(new StringReader(xml == null ? "" : xml)));
        } catch (SAXException | IOException e) {
            throw new UnmappableException("not well-formed XML, or XML with a DOCTYPE: " + e.getMessage());
        } catch (ParserConfigurationException e) {
            throw new IllegalStateException(e);
        }
    }

    private static Element child(Element parent, String name) {
        List<Element> found = children(parent, name);
        return found.isEmpty() ? null : found.get(0);
    }

    private static List<Element> children(Element parent, String name) {
        List<Element> found = new ArrayList<>();
        NodeList nodes = parent.getChildNodes();
        for (int i = 0; i < nodes.getLength(); i++) {
            if (nodes.item(i) instanceof Element e && e.getTagName().equals(name)) {
                found.add(e);
            }
        }
        return found;
    }
}

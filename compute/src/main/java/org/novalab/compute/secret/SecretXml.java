package org.novalab.compute.secret;

import java.util.Optional;
import java.util.UUID;
import org.novalab.compute.domain.InvalidXml;
import org.novalab.compute.domain.Xml;
import org.w3c.dom.Document;
import org.w3c.dom.Element;

/** {@code <secret>} XML, as {@code virsh secret-define} takes it and as the seed's secret.xml holds it. */
public final class SecretXml {
    private SecretXml() {
    }

    public static String write(SecretDefinition s) {
        Document doc = Xml.newDocument();
        Element root = doc.createElement("secret");
        doc.appendChild(root);
        root.setAttribute("ephemeral", s.ephemeral() ? "yes" : "no");
        root.setAttribute("private", s.isPrivate() ? "yes" : "no");
        s.description().ifPresent(d -> Xml.child(root, "description", d));
        Xml.child(root, "uuid", s.uuid().toString());
        Element usage = Xml.child(root, "usage");
        usage.setAttribute("type", s.usageType());
        Xml.child(usage, s.isCeph() ? "name" : "volume", s.usageVolume());
        return Xml.serialize(doc);
    }

    public static SecretDefinition parse(String xml) {
        Element root = Xml.parse(xml, "secret");
        Element usage = Xml.required(root, "usage");
        String type = Xml.requiredAttr(usage, "type");
        if (!SecretDefinition.VOLUME.equals(type) && !SecretDefinition.CEPH.equals(type)) {
            throw new InvalidXml("only volume and ceph secrets are supported, not usage type '" + type + "'");
        }
        UUID uuid = Xml.first(root, "uuid").map(Xml::text).map(SecretXml::uuid).orElseGet(UUID::randomUUID);
        return new SecretDefinition(uuid, yes(root, "ephemeral"), yes(root, "private"),
                Xml.text(Xml.required(usage, SecretDefinition.CEPH.equals(type) ? "name" : "volume")),
                Xml.first(root, "description").map(Xml::text), type);
    }

    private static boolean yes(Element e, String attr) {
        String v = Xml.attr(e, attr).orElse("no");
        if (!v.equals("yes") && !v.equals("no")) {
            throw new InvalidXml("secret attribute " + attr + " must be 'yes' or 'no', not '" + v + "'");
        }
        return v.equals("yes");
    }

    private static UUID uuid(String s) {
        try {
            return UUID.fromString(s);
        } catch (IllegalArgumentException e) {
            throw new InvalidXml("invalid secret uuid '" + s + "'");
        }
    }
}

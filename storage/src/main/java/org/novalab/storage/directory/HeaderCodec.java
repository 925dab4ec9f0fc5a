package org.novalab.storage.directory;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import org.novalab.storage.directory.RbdHeader.ChildLink;
import org.novalab.storage.directory.RbdHeader.ParentLink;
import org.novalab.storage.directory.RbdHeader.SnapRecord;

/**
 * {@code rbd_header.<id>} as JSON. Headers written before snapshots existed have no snapshots and, for a clone, a
 * {@code parent} string ("pool/image"); they still read, as images without a parent (such a clone was a full copy).
 */
final class HeaderCodec {
    private static final ObjectMapper JSON = new ObjectMapper();

    private HeaderCodec() {
    }

    static RbdHeader decode(byte[] bytes) throws IOException {
        JsonNode n = JSON.readTree(bytes);
        if (n == null || !n.isObject()) {
            throw new IOException("not a JSON object");
        }
        JsonNode parent = n.path("parent");
        ParentLink link = parent.isObject() ? new ParentLink(parent.path("pool").asText(),
                parent.path("image_id").asText(), parent.path("snap_id").asLong(), parent.path("overlap").asLong())
                : null;
        String legacy = parent.isTextual() ? parent.asText() : null;
        List<SnapRecord> snapshots = new ArrayList<>();
        for (JsonNode s : n.path("snapshots")) {
            List<ChildLink> children = new ArrayList<>();
            for (JsonNode c : s.path("children")) {
                children.add(new ChildLink(c.path("pool").asText(), c.path("image_id").asText()));
            }
            snapshots.add(new SnapRecord(s.path("id").asLong(), s.path("name").asText(), s.path("size").asLong(),
                    s.path("timestamp").asLong(), s.path("protected").asBoolean(), s.path("overlap").asLong(),
                    children));
        }
        return new RbdHeader(n.path("size").asLong(), n.path("order").asInt(), n.path("object_prefix").asText(),
                n.path("features").asLong(), n.path("create_timestamp").asLong(), link, legacy,
                n.path("snap_seq").asLong(), snapshots);
    }

    static byte[] encode(RbdHeader h) throws IOException {
        ObjectNode n = JSON.createObjectNode();
        n.put("size", h.size());
        n.put("order", h.order());
        n.put("object_prefix", h.objectPrefix());
        n.put("features", h.features());
        n.put("create_timestamp", h.createTimestamp());
        if (h.parent() != null) {
            ObjectNode p = n.putObject("parent");
            p.put("pool", h.parent().pool());
            p.put("image_id", h.parent().imageId());
            p.put("snap_id", h.parent().snapId());
            p.put("overlap", h.parent().overlap());
        } else if (h.legacyParent() != null) {
            n.put("parent", h.legacyParent());
        }
        n.put("snap_seq", h.snapSeq());
        ArrayNode snaps = n.putArray("snapshots");
        for (SnapRecord s : h.snapshots()) {
            ObjectNode o = snaps.addObject();
            o.put("id", s.id());
            o.put("name", s.name());
            o.put("size", s.size());
            o.put("timestamp", s.timestamp());
            o.put("protected", s.isProtected());
            o.put("overlap", s.overlap());
            ArrayNode children = o.putArray("children");
            for (ChildLink c : s.children()) {
                children.addObject().put("pool", c.pool()).put("image_id", c.imageId());
            }
        }
        return JSON.writerWithDefaultPrettyPrinter().writeValueAsBytes(n);
    }
}

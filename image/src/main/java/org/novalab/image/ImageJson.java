package org.novalab.image;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * An image record in Glance v2's JSON shape: core fields, then custom properties as top-level string fields,
 * plus {@code self}, {@code file} and {@code schema} links. Both the server (module api) and {@code GlanceClient}
 * use it, so the two sides cannot drift apart.
 */
public final class ImageJson {
    private static final ObjectMapper JSON = new ObjectMapper();
    /** Every non-property key of Glance's image JSON. */
    public static final Set<String> CORE_KEYS = Set.of("id", "name", "status", "disk_format", "container_format",
            "size", "virtual_size", "checksum", "os_hash_algo", "os_hash_value", "min_disk", "min_ram",
            "visibility", "protected", "owner", "created_at", "updated_at", "tags", "self", "file", "schema",
            "os_hidden", "locations", "direct_url", "stores");

    private ImageJson() {
    }

    /** The record as Glance v2 answers {@code GET /v2/images/{id}}, in Glance's key order. */
    public static Map<String, Object> toMap(ImageRecord r) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("id", r.id());
        m.put("name", r.name());
        m.put("status", r.status().glanceName());
        m.put("disk_format", r.diskFormat());
        m.put("container_format", r.containerFormat());
        m.put("size", r.size());
        m.put("virtual_size", r.virtualSize());
        m.put("checksum", r.checksum());
        m.put("os_hash_algo", r.osHashAlgo());
        m.put("os_hash_value", r.osHashValue());
        m.put("min_disk", r.minDisk());
        m.put("min_ram", r.minRam());
        m.put("visibility", r.visibility());
        m.put("protected", r.isProtected());
        m.put("os_hidden", false);
        m.put("owner", r.owner());
        m.put("tags", List.of());
        m.put("created_at", timestamp(r.createdAt()));
        m.put("updated_at", timestamp(r.updatedAt()));
        new java.util.TreeMap<>(r.properties()).forEach(m::put);
        m.put("self", "/v2/images/" + r.id());
        m.put("file", "/v2/images/" + r.id() + "/file");
        m.put("schema", "/v2/schemas/image");
        return m;
    }

    public static String toJson(ImageRecord r) {
        try {
            return JSON.writeValueAsString(toMap(r));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    public static ImageRecord fromJson(String json) {
        try {
            return fromNode(JSON.readTree(json));
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("not a Glance image document: " + e.getOriginalMessage(), e);
        }
    }

    public static ImageRecord fromNode(JsonNode n) {
        if (n == null || !n.isObject() || !n.hasNonNull("id") || !n.hasNonNull("status")) {
            throw new IllegalArgumentException("not a Glance image document (needs at least id and status)");
        }
        Map<String, String> properties = new HashMap<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = n.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            if (!CORE_KEYS.contains(e.getKey()) && e.getValue().isTextual()) {
                properties.put(e.getKey(), e.getValue().asText());
            }
        }
        return new ImageRecord(n.get("id").asText(), text(n, "name"),
                ImageStatus.fromGlanceName(n.get("status").asText()), text(n, "disk_format"),
                text(n, "container_format"), number(n, "size"), number(n, "virtual_size"), text(n, "checksum"),
                text(n, "os_hash_algo"), text(n, "os_hash_value"), n.path("min_disk").asInt(0),
                n.path("min_ram").asInt(0), text(n, "visibility"), n.path("protected").asBoolean(false),
                text(n, "owner"), instant(n, "created_at"), instant(n, "updated_at"), properties);
    }

    /** Glance's timestamp shape: {@code 2016-11-28T12:17:45Z}. */
    public static String timestamp(Instant instant) {
        return instant == null ? null : instant.truncatedTo(ChronoUnit.SECONDS).toString();
    }

    private static String text(JsonNode n, String key) {
        JsonNode v = n.get(key);
        return v == null || v.isNull() ? null : v.asText();
    }

    private static Long number(JsonNode n, String key) {
        JsonNode v = n.get(key);
        return v == null || v.isNull() ? null : v.asLong();
    }

    private static Instant instant(JsonNode n, String key) {
        String v = text(n, key);
        return v == null ? null : Instant.parse(v.endsWith("Z") || v.contains("+") ? v : v + "Z");
    }
}

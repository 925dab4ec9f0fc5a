package org.novalab.disk.qemu;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import org.novalab.disk.CheckReport;
import org.novalab.disk.DiskException;
import org.novalab.disk.ImageFormat;
import org.novalab.disk.ImageInfo;
import org.novalab.disk.MapEntry;

/** Reads qemu-img's {@code --output=json} answers (info, check, map) into the disk library's records. */
final class QemuImgJson {
    private static final ObjectMapper MAPPER = new ObjectMapper();

    private QemuImgJson() {
    }

    static ImageInfo info(String json) {
        return info(tree(json, "info"));
    }

    /** {@code info --backing-chain}: the top image first. */
    static List<ImageInfo> chain(String json) {
        JsonNode root = tree(json, "info --backing-chain");
        List<ImageInfo> chain = new ArrayList<>();
        if (root.isArray()) {
            root.forEach(node -> chain.add(info(node)));
        } else {
            chain.add(info(root));
        }
        return chain;
    }

    static ImageInfo info(JsonNode node) {
        JsonNode specific = node.path("format-specific").path("data");
        LinkedHashMap<String, Object> formatSpecific = specific.isObject()
                ? MAPPER.convertValue(specific, new TypeReference<LinkedHashMap<String, Object>>() { })
                : new LinkedHashMap<>();
        return new ImageInfo(
                node.path("filename").asText(),
                ImageFormat.fromQemuName(node.path("format").asText()),
                node.path("virtual-size").asLong(),
                node.path("actual-size").asLong(),
                node.path("encrypted").asBoolean(false),
                node.has("cluster-size") ? node.get("cluster-size").asInt() : null,
                text(node, "backing-filename"),
                text(node, "full-backing-filename"),
                node.has("backing-filename-format")
                        ? ImageFormat.fromQemuName(node.get("backing-filename-format").asText()) : null,
                node.path("dirty-flag").asBoolean(false),
                formatSpecific);
    }

    /** {@code check --output=json}; qemu-img names the file by its image-opts string, so the caller names it. */
    static CheckReport check(String json, String filename, List<String> messages) {
        JsonNode node = tree(json, "check");
        return new CheckReport(filename,
                node.path("format").asText(),
                node.path("corruptions").asInt(0) + node.path("check-errors").asInt(0),
                node.path("leaks").asInt(0),
                List.copyOf(messages),
                node.path("allocated-clusters").asLong(0),
                node.path("total-clusters").asLong(0),
                node.path("image-end-offset").asLong(0));
    }

    /**
     * {@code map --output=json}. qemu-img 7.2 names neither the file nor the encryption of an extent: both come
     * from the backing chain ({@code chain.get(depth)}).
     */
    static List<MapEntry> map(String json, List<ImageInfo> chain) {
        JsonNode root = tree(json, "map");
        List<MapEntry> entries = new ArrayList<>();
        for (JsonNode node : root) {
            int depth = node.path("depth").asInt();
            boolean data = node.path("data").asBoolean();
            ImageInfo layer = depth < chain.size() ? chain.get(depth) : null;
            entries.add(new MapEntry(
                    node.path("start").asLong(),
                    node.path("length").asLong(),
                    depth,
                    node.path("zero").asBoolean(),
                    data,
                    node.has("offset") ? node.get("offset").asLong() : -1,
                    layer == null ? null : layer.filename(),
                    data && layer != null && layer.encrypted()));
        }
        return entries;
    }

    private static String text(JsonNode node, String field) {
        return node.hasNonNull(field) ? node.get(field).asText() : null;
    }

    private static JsonNode tree(String json, String what) {
        try {
            return MAPPER.readTree(json);
        } catch (JsonProcessingException e) {
            throw new DiskException("qemu-img " + what + " printed no valid JSON: " + e.getOriginalMessage(), e);
        }
    }
}

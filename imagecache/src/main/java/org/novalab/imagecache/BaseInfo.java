package org.novalab.imagecache;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import org.novalab.disk.ImageFormat;
import org.novalab.io.AtomicFiles;

/**
 * What the safety gate verified about a base, kept beside it as {@code _base/<sha1>.info} (the name Nova's image
 * cache once used for its own facts about a base). A base's format is decided here, once, when it is fetched:
 * it is never probed again, because the bytes of a raw base are guest data and may look like any format
 * (CVE-2024-32498: a raw base whose guest data is a qcow2 header naming a host file as its backing file).
 *
 * @param format      the format the base is opened as: raw after {@code force_raw_images}, else what the gate saw
 * @param virtualSize the guest-visible size the gate checked
 */
public record BaseInfo(String imageId, ImageFormat format, long virtualSize) {
    static final String SUFFIX = ".info";
    private static final ObjectMapper JSON = new ObjectMapper();
    /** Like the base itself: facts about public bytes, read by whoever may read the base. */
    private static final Set<PosixFilePermission> READABLE = PosixFilePermissions.fromString("rw-r--r--");

    public BaseInfo {
        Objects.requireNonNull(imageId, "imageId");
        Objects.requireNonNull(format, "format");
        if (format != ImageFormat.RAW && format != ImageFormat.QCOW2) {
            throw new IllegalArgumentException("a base is raw or qcow2, not " + format);
        }
        if (virtualSize < 0) {
            throw new IllegalArgumentException("virtual size must be >= 0, got " + virtualSize);
        }
    }

    public static Path pathFor(Path base) {
        return base.resolveSibling(base.getFileName() + SUFFIX);
    }

    static boolean isInfoFile(Path file) {
        return file.getFileName().toString().endsWith(SUFFIX);
    }

    /** Written durably under its final name before the base gets its own: a base never exists without it. */
    void writeFor(Path base) throws IOException {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("image_id", imageId);
        json.put("format", format.qemuName());
        json.put("virtual_size", virtualSize);
        AtomicFiles.write(pathFor(base), JSON.writeValueAsBytes(json), READABLE);
    }

    /** The facts kept for {@code base}; empty when there are none (a base of an earlier version). */
    static Optional<BaseInfo> readFor(Path base) throws IOException {
        Path file = pathFor(base);
        try {
            JsonNode json = JSON.readTree(Files.readAllBytes(file));
            if (!json.path("image_id").isTextual() || !json.path("format").isTextual()
                    || !json.path("virtual_size").canConvertToExactIntegral()) {
                throw new IOException("expected image_id, format and virtual_size");
            }
            return Optional.of(new BaseInfo(json.get("image_id").asText(),
                    ImageFormat.fromQemuName(json.get("format").asText()), json.get("virtual_size").asLong()));
        } catch (NoSuchFileException e) {
            return Optional.empty();
        } catch (IOException | RuntimeException e) {
            throw new IOException("unreadable base facts " + file + " (remove the base and its .info to fetch it"
                    + " again): " + e.getMessage(), e);
        }
    }
}

package org.novalab.api.compute.snapshot;

import io.vertx.core.json.JsonObject;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.novalab.api.compute.MetadataItems;
import org.novalab.api.compute.NovaSchema;
import org.novalab.compute.snapshot.SnapshotRequest;

/**
 * A {@code createImage} or {@code createBackup} body, read as Nova's schemas read them: {@code name} (Nova's
 * {@code parameter_types.name}, required), {@code metadata} (image properties, Nova's metadata rules); a backup also
 * needs {@code backup_type} (any string) and {@code rotation} (a non-negative integer, or a string of digits).
 */
public record SnapshotBody(String name, Map<String, String> metadata, Optional<SnapshotRequest.Backup> backup) {
    public static final String CREATE_IMAGE = "createImage";
    public static final String CREATE_BACKUP = "createBackup";

    public static SnapshotBody createImage(JsonObject body) {
        JsonObject a = NovaSchema.object(body.getValue(CREATE_IMAGE), CREATE_IMAGE);
        NovaSchema.allowOnly(a, Set.of("name", "metadata"), CREATE_IMAGE);
        NovaSchema.require(a, "name", CREATE_IMAGE);
        return new SnapshotBody(NovaSchema.name(a.getValue("name"), "name"), metadata(a), Optional.empty());
    }

    public static SnapshotBody createBackup(JsonObject body) {
        JsonObject a = NovaSchema.object(body.getValue(CREATE_BACKUP), CREATE_BACKUP);
        NovaSchema.allowOnly(a, Set.of("name", "backup_type", "rotation", "metadata"), CREATE_BACKUP);
        NovaSchema.require(a, "name", CREATE_BACKUP);
        NovaSchema.require(a, "backup_type", CREATE_BACKUP);
        NovaSchema.require(a, "rotation", CREATE_BACKUP);
        String name = NovaSchema.name(a.getValue("name"), "name");
        String type = NovaSchema.string(a.getValue("backup_type"), "backup_type", 0, Integer.MAX_VALUE);
        int rotation = (int) NovaSchema.integer(a.getValue("rotation"), "rotation", 0, Integer.MAX_VALUE);
        return new SnapshotBody(name, metadata(a), Optional.of(new SnapshotRequest.Backup(type, rotation)));
    }

    private static Map<String, String> metadata(JsonObject a) {
        return a.containsKey("metadata") ? MetadataItems.parse(a.getValue("metadata"), "metadata") : Map.of();
    }

    /** {@code snapshot} or {@code backup}: Nova's {@code image_type}. */
    public String imageType() {
        return backup.isPresent() ? "backup" : "snapshot";
    }
}

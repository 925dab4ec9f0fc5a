package org.novalab.api.compute.snapshot;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.novalab.api.compute.InstanceEntity;
import org.novalab.api.identity.AuthContext;
import org.novalab.compute.snapshot.EncryptedImages;
import org.novalab.image.ImageRecord;
import org.novalab.image.NewImage;

/**
 * The queued image a snapshot or backup is uploaded into, as Nova's {@code compute.utils.create_image} and
 * {@code initialize_instance_snapshot_metadata} make it: the properties of the image the server was built from
 * (less those never inherited, and the old image's encryption: a snapshot gets its own key), then
 * {@code base_image_ref}, {@code instance_uuid}, {@code user_id}, {@code image_type} ({@code backup_type} for a
 * backup), then the request's metadata. Private to the caller's project when it owns the server, else shared with
 * the server's project as {@code instance_owner}. {@code min_disk} is the larger of the image's and the flavor's
 * root disk, {@code min_ram} the image's. A snapshot's formats are left for the upload to set; a backup keeps the
 * image's, as Nova does (the upload sets what the data is).
 */
public final class SnapshotImages {
    /** Nova's {@code NON_INHERITABLE_IMAGE_PROPERTIES} and {@code SM_SKIP_KEYS}. */
    private static final Set<String> NOT_INHERITED = Set.of("cinder_encryption_key_id",
            "cinder_encryption_key_deletion_policy", "img_signature", "img_signature_hash_method",
            "img_signature_key_type", "img_signature_certificate_uuid", "cache_in_nova", "bittorrent");

    private SnapshotImages() {
    }

    public static NewImage of(AuthContext caller, InstanceEntity server, Optional<ImageRecord> base, SnapshotBody body) {
        Map<String, String> properties = new LinkedHashMap<>();
        base.ifPresent(b -> b.properties().forEach((k, v) -> {
            if (!NOT_INHERITED.contains(k) && !k.startsWith("os_glance") && !EncryptedImages.notInherited(k)) {
                properties.put(k, v);
            }
        }));
        if (server.imageId() != null) {
            properties.put("base_image_ref", server.imageId());
        }
        properties.put("instance_uuid", server.uuid());
        properties.put("user_id", caller.userId());
        properties.put("image_type", body.imageType());
        properties.putAll(body.metadata());
        body.backup().ifPresent(b -> properties.put("backup_type", b.type()));
        boolean owners = server.projectId().equals(caller.projectId());
        if (!owners) {
            properties.put("instance_owner", server.projectId());
        }
        int minDisk = Math.max(base.map(ImageRecord::minDisk).orElse(0), server.flavorCopy().rootGb());
        int minRam = base.map(ImageRecord::minRam).orElse(0);
        boolean backup = body.backup().isPresent();
        return new NewImage(null, body.name(), backup ? base.map(ImageRecord::diskFormat).orElse(null) : null,
                backup ? base.map(ImageRecord::containerFormat).orElse(null) : null, minDisk, minRam,
                owners ? "private" : "shared", null, caller.projectId(), properties);
    }
}

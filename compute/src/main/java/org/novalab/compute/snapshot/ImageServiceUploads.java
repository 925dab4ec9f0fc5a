package org.novalab.compute.snapshot;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.novalab.image.ImageNotFound;
import org.novalab.image.ImagePatch;
import org.novalab.image.ImageRecord;
import org.novalab.image.ImageService;
import org.novalab.image.ImageStatus;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Snapshots uploaded through the in-process image service, as any upload is: the queued image gets its formats and
 * data properties, then the file streams into the pool (checksums, the RBD layout, {@code saving} then
 * {@code active}).
 */
public final class ImageServiceUploads implements ImageUploads {
    private static final Logger LOG = LoggerFactory.getLogger(ImageServiceUploads.class);
    private final ImageService images;

    public ImageServiceUploads(ImageService images) {
        this.images = images;
    }

    @Override
    public void upload(String imageId, SnapshotImage image) {
        List<ImagePatch> changes = new ArrayList<>();
        changes.add(ImagePatch.replace("/disk_format", image.diskFormat()));
        changes.add(ImagePatch.replace("/container_format", "bare"));
        EncryptedImages.properties(image).forEach((k, v) -> changes.add(ImagePatch.add("/" + k, v)));
        images.update(imageId, changes);
        try (InputStream data = Files.newInputStream(image.file())) {
            images.upload(imageId, data);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the staged snapshot of image " + imageId, e);
        }
    }

    @Override
    public void delete(String imageId) {
        try {
            images.delete(imageId);
        } catch (ImageNotFound e) {
            LOG.debug("image {} already gone", imageId);
        }
    }

    @Override
    public int rotateBackups(UUID instance, String type, int rotation) {
        List<ImageRecord> backups = images.list().stream()
                .filter(i -> i.status() == ImageStatus.ACTIVE)
                .filter(i -> isBackupOf(i.properties(), instance, type))
                .sorted(Comparator.comparing(ImageRecord::createdAt).reversed()).toList();
        int deleted = 0;
        for (ImageRecord old : backups.subList(Math.min(rotation, backups.size()), backups.size())) {
            LOG.info("rotating out backup {} of instance {} (type {}, rotation {})", old.id(), instance, type, rotation);
            try {
                delete(old.id());
                deleted++;
            } catch (RuntimeException e) {
                LOG.warn("backup {} of instance {} could not be rotated out: {}", old.id(), instance, e.getMessage());
            }
        }
        return deleted;
    }

    private static boolean isBackupOf(Map<String, String> p, UUID instance, String type) {
        return "backup".equals(p.get("image_type")) && instance.toString().equals(p.get("instance_uuid"))
                && type.equals(p.get("backup_type"));
    }
}

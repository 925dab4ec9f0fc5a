package org.novalab.compute.snapshot;

import java.util.UUID;

/**
 * The image service as a compute host reaches it for snapshots (Nova's {@code image_api.update(..., data)} and
 * {@code delete}): the queued image gets its formats, the properties of its data, and its data.
 */
public interface ImageUploads {
    /** Sets the image's formats and the properties {@link EncryptedImages#properties} gives, then uploads the file. */
    void upload(String imageId, SnapshotImage image);

    /** A snapshot that failed: the image goes (Nova's {@code delete_image_on_error}); its key goes with it. */
    void delete(String imageId);

    /**
     * Nova's {@code _rotate_backups}: of the active backups of {@code instance} with {@code type}, newest first, those
     * past {@code rotation} are deleted.
     *
     * @return how many were deleted
     */
    int rotateBackups(UUID instance, String type, int rotation);

    /** A host with no image service (a test's fake one): its snapshots fail with this reason; it can delete nothing. */
    ImageUploads NONE = new ImageUploads() {
        @Override
        public void upload(String imageId, SnapshotImage image) {
            throw new SnapshotFailed("this compute host has no image service to upload snapshots to");
        }

        @Override
        public void delete(String imageId) {
        }

        @Override
        public int rotateBackups(UUID instance, String type, int rotation) {
            return 0;
        }
    };
}

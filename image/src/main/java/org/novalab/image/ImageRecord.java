package org.novalab.image;

import java.time.Instant;
import java.util.Collections;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.SortedSet;
import java.util.TreeSet;

/**
 * One Glance v2 image, with Glance's fields. {@code checksum} is the md5 hex digest of the data,
 * {@code osHashAlgo}/{@code osHashValue} Glance's multihash (sha512). Sizes and hashes are null until the data
 * is uploaded. {@code properties} holds the free-form (custom) properties, {@code tags} Glance's image tags (a set),
 * {@code hidden} Glance's os_hidden (left out of image lists unless asked for).
 */
public record ImageRecord(String id, String name, ImageStatus status, String diskFormat, String containerFormat,
                          Long size, Long virtualSize, String checksum, String osHashAlgo, String osHashValue,
                          int minDisk, int minRam, String visibility, boolean isProtected, String owner,
                          Instant createdAt, Instant updatedAt, Map<String, String> properties,
                          SortedSet<String> tags, boolean hidden) {
    public ImageRecord {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(status, "status");
        properties = properties == null ? Map.of() : Map.copyOf(properties);
        tags = Collections.unmodifiableSortedSet(tags == null ? new TreeSet<>() : new TreeSet<>(tags));
    }

    /** An image that is not hidden. */
    public ImageRecord(String id, String name, ImageStatus status, String diskFormat, String containerFormat,
                       Long size, Long virtualSize, String checksum, String osHashAlgo, String osHashValue,
                       int minDisk, int minRam, String visibility, boolean isProtected, String owner,
                       Instant createdAt, Instant updatedAt, Map<String, String> properties,
                       SortedSet<String> tags) {
        this(id, name, status, diskFormat, containerFormat, size, virtualSize, checksum, osHashAlgo, osHashValue,
                minDisk, minRam, visibility, isProtected, owner, createdAt, updatedAt, properties, tags, false);
    }

    /** An image without tags, not hidden. */
    public ImageRecord(String id, String name, ImageStatus status, String diskFormat, String containerFormat,
                       Long size, Long virtualSize, String checksum, String osHashAlgo, String osHashValue,
                       int minDisk, int minRam, String visibility, boolean isProtected, String owner,
                       Instant createdAt, Instant updatedAt, Map<String, String> properties) {
        this(id, name, status, diskFormat, containerFormat, size, virtualSize, checksum, osHashAlgo, osHashValue,
                minDisk, minRam, visibility, isProtected, owner, createdAt, updatedAt, properties, null, false);
    }

    /**
     * Glance's visibility rule without memberships: public and community images are everyone's; shared and private
     * ones their owner project's (and an admin's). A shared image is also its members' ({@link
     * ImageService#visibleTo}).
     */
    public boolean visibleTo(String projectId, boolean admin) {
        return admin || "public".equals(visibility) || "community".equals(visibility)
                || (projectId != null && projectId.equals(owner));
    }

    public ImageRecord withStatus(ImageStatus newStatus, Instant now) {
        return new ImageRecord(id, name, newStatus, diskFormat, containerFormat, size, virtualSize, checksum,
                osHashAlgo, osHashValue, minDisk, minRam, visibility, isProtected, owner, createdAt, now,
                properties, tags, hidden);
    }

    /** The same image with these tags. */
    public ImageRecord withTags(Set<String> newTags, Instant now) {
        return new ImageRecord(id, name, status, diskFormat, containerFormat, size, virtualSize, checksum,
                osHashAlgo, osHashValue, minDisk, minRam, visibility, isProtected, owner, createdAt, now,
                properties, new TreeSet<>(newTags), hidden);
    }

    /** The record of an image whose data has just been stored. */
    public ImageRecord withData(long newSize, Long newVirtualSize, String md5, String hashAlgo, String hashValue,
                                Instant now) {
        return new ImageRecord(id, name, ImageStatus.ACTIVE, diskFormat, containerFormat, newSize, newVirtualSize,
                md5, hashAlgo, hashValue, minDisk, minRam, visibility, isProtected, owner, createdAt, now,
                properties, tags, hidden);
    }

    /** Back to an image without data (after a failed upload). */
    public ImageRecord withoutData(ImageStatus newStatus, Instant now) {
        return new ImageRecord(id, name, newStatus, diskFormat, containerFormat, null, null, null, null, null,
                minDisk, minRam, visibility, isProtected, owner, createdAt, now, properties, tags, hidden);
    }
}

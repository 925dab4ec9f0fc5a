package org.novalab.image;

import java.time.Instant;
import java.util.Objects;

/**
 * A project an image is shared with (Glance's image member): the owner adds it {@code pending}, the member project
 * accepts or rejects it. Only images of visibility {@code shared} have members.
 */
public record ImageMember(String imageId, String memberId, MemberStatus status, Instant createdAt,
                          Instant updatedAt) {
    public ImageMember {
        Objects.requireNonNull(imageId, "imageId");
        Objects.requireNonNull(memberId, "memberId");
        Objects.requireNonNull(status, "status");
    }

    public ImageMember withStatus(MemberStatus newStatus, Instant now) {
        return new ImageMember(imageId, memberId, newStatus, createdAt, now);
    }
}

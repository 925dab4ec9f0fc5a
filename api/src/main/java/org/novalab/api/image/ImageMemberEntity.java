package org.novalab.api.image;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.IdClass;
import jakarta.persistence.Table;
import java.io.Serializable;
import java.time.Instant;
import java.util.Objects;

/** A project a shared image is offered to, and its answer (pending, accepted, rejected). */
@Entity
@Table(name = "image_members")
@IdClass(ImageMemberEntity.Key.class)
public class ImageMemberEntity {
    @Id
    @Column(name = "image_id")
    String imageId;
    @Id
    @Column(name = "member_id")
    String memberId;
    @Column(nullable = false)
    String status;
    @Column(name = "created_at", nullable = false)
    Instant createdAt;
    @Column(name = "updated_at", nullable = false)
    Instant updatedAt;

    protected ImageMemberEntity() {
    }

    ImageMemberEntity(String imageId, String memberId) {
        this.imageId = imageId;
        this.memberId = memberId;
    }

    /** The composite key: image and member project. */
    public static class Key implements Serializable {
        String imageId;
        String memberId;

        public Key() {
        }

        Key(String imageId, String memberId) {
            this.imageId = imageId;
            this.memberId = memberId;
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Key k && Objects.equals(imageId, k.imageId) && Objects.equals(memberId, k.memberId);
        }

        @Override
        public int hashCode() {
            return Objects.hash(imageId, memberId);
        }
    }
}

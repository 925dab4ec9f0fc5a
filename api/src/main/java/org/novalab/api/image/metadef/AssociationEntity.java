package org.novalab.api.image.metadef;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.IdClass;
import jakarta.persistence.Table;
import java.io.Serializable;
import java.time.Instant;
import java.util.Objects;

/** A namespace applied to a resource type, with the prefix its properties take there. */
@Entity
@Table(name = "metadef_associations")
@IdClass(AssociationEntity.Key.class)
public class AssociationEntity {
    @Id
    @Column(name = "namespace_id")
    String namespaceId;
    @Id
    @Column(name = "resource_type")
    String resourceType;
    String prefix;
    @Column(name = "properties_target")
    String propertiesTarget;
    @Column(name = "created_at", nullable = false)
    Instant createdAt;
    @Column(name = "updated_at", nullable = false)
    Instant updatedAt;

    protected AssociationEntity() {
    }

    AssociationEntity(String namespaceId, String resourceType) {
        this.namespaceId = namespaceId;
        this.resourceType = resourceType;
    }

    /** The composite key: namespace and resource type. */
    public static class Key implements Serializable {
        String namespaceId;
        String resourceType;

        public Key() {
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Key k && Objects.equals(namespaceId, k.namespaceId)
                    && Objects.equals(resourceType, k.resourceType);
        }

        @Override
        public int hashCode() {
            return Objects.hash(namespaceId, resourceType);
        }
    }
}

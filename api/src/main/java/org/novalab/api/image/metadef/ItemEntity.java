package org.novalab.api.image.metadef;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;

/**
 * An object, a property or a tag of a namespace ({@link #kind}); objects and properties keep their definition as
 * JSON text, the way Glance keeps their schemas.
 */
@Entity
@Table(name = "metadef_items")
public class ItemEntity {
    @Id
    String id;
    @Column(name = "namespace_id", nullable = false)
    String namespaceId;
    @Column(nullable = false)
    String kind;
    @Column(nullable = false)
    String name;
    @Column(name = "json_schema", length = 65535)
    String json;
    @Column(name = "created_at", nullable = false)
    Instant createdAt;
    @Column(name = "updated_at", nullable = false)
    Instant updatedAt;

    protected ItemEntity() {
    }

    ItemEntity(String id, String namespaceId, String kind) {
        this.id = id;
        this.namespaceId = namespaceId;
        this.kind = kind;
    }
}

package org.novalab.api.image.metadef;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;

/** A metadata definitions namespace (its name may change, so rows are keyed by an id of their own). */
@Entity
@Table(name = "metadef_namespaces")
public class NamespaceEntity {
    @Id
    String id;
    @Column(nullable = false)
    String namespace;
    @Column(name = "display_name")
    String displayName;
    String description;
    @Column(nullable = false)
    String visibility;
    @Column(name = "protected", nullable = false)
    boolean isProtected;
    String owner;
    @Column(name = "created_at", nullable = false)
    Instant createdAt;
    @Column(name = "updated_at", nullable = false)
    Instant updatedAt;

    protected NamespaceEntity() {
    }

    NamespaceEntity(String id) {
        this.id = id;
    }
}

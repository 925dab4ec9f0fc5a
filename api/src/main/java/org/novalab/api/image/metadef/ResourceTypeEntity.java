package org.novalab.api.image.metadef;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;

/** A kind of resource a namespace may apply to (OS::Glance::Image, OS::Nova::Flavor, ...). */
@Entity
@Table(name = "metadef_resource_types")
public class ResourceTypeEntity {
    @Id
    String name;
    @Column(name = "protected", nullable = false)
    boolean isProtected;
    @Column(name = "created_at", nullable = false)
    Instant createdAt;
    @Column(name = "updated_at", nullable = false)
    Instant updatedAt;

    protected ResourceTypeEntity() {
    }

    ResourceTypeEntity(String name) {
        this.name = name;
    }
}

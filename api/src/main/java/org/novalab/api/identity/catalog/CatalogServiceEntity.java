package org.novalab.api.identity.catalog;

import io.vertx.core.json.JsonObject;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

/** A service of the catalog: its type (compute, image, ...), a name, and whether it is listed in tokens. */
@Entity
@Table(name = "catalog_services")
public class CatalogServiceEntity {
    @Id
    private String id;
    @Column(nullable = false)
    private String type;
    @Column(nullable = false)
    private String name;
    @Column(nullable = false)
    private boolean enabled;
    /** A JSON object of the attributes Keystone keeps beside its own (a description, for one). */
    private String extra;

    protected CatalogServiceEntity() {
    }

    CatalogServiceEntity(String id, String type, String name, boolean enabled, JsonObject extra) {
        this.id = id;
        this.type = type;
        this.name = name;
        this.enabled = enabled;
        this.extra = extra.encode();
    }

    public String id() {
        return id;
    }

    public String type() {
        return type;
    }

    public String name() {
        return name;
    }

    public boolean enabled() {
        return enabled;
    }

    public JsonObject extra() {
        return extra == null ? new JsonObject() : new JsonObject(extra);
    }

    void update(CatalogFields.Service f) {
        if (f.type() != null) {
            type = f.type();
        }
        if (f.name() != null) {
            name = f.name();
        }
        if (f.enabled() != null) {
            enabled = f.enabled();
        }
        extra = extra().mergeIn(f.extra()).encode();
    }
}

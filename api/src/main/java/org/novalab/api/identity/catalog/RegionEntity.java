package org.novalab.api.identity.catalog;

import io.vertx.core.json.JsonObject;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

/** A Keystone region: an id the caller may choose, a description, and a parent region (regions form a tree). */
@Entity
@Table(name = "catalog_regions")
public class RegionEntity {
    @Id
    private String id;
    @Column(nullable = false)
    private String description;
    @Column(name = "parent_region_id")
    private String parentRegionId;
    /** A JSON object of the attributes Keystone keeps beside its own. */
    private String extra;

    protected RegionEntity() {
    }

    RegionEntity(String id, String description, String parentRegionId, JsonObject extra) {
        this.id = id;
        this.description = description;
        this.parentRegionId = parentRegionId;
        this.extra = extra.encode();
    }

    public String id() {
        return id;
    }

    public String description() {
        return description;
    }

    public String parentRegionId() {
        return parentRegionId;
    }

    public JsonObject extra() {
        return extra == null ? new JsonObject() : new JsonObject(extra);
    }

    void describe(String newDescription) {
        this.description = newDescription;
    }

    void moveUnder(String newParent) {
        this.parentRegionId = newParent;
    }

    void extend(JsonObject more) {
        this.extra = extra().mergeIn(more).encode();
    }
}

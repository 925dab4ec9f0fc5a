package org.novalab.api.identity;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

@Entity
@Table(name = "projects")
public class ProjectEntity {
    @Id
    private String id;
    @Column(nullable = false)
    private String name;
    @Column(name = "domain_id", nullable = false)
    private String domainId;
    private String description;
    @Column(nullable = false)
    private boolean enabled;
    /** The parent project; null when the parent is the domain. */
    @Column(name = "parent_id")
    private String parentId;
    /** A JSON array of the project's tags. */
    private String tags;
    /** A JSON object of the attributes Keystone keeps beside its own (it calls them "extra"). */
    private String extra;

    protected ProjectEntity() {
    }

    public ProjectEntity(String id, String name, String domainId, String description) {
        this(id, name, domainId, null, description, true, new JsonArray(), new JsonObject());
    }

    public ProjectEntity(String id, String name, String domainId, String parentId, String description,
            boolean enabled, JsonArray tags, JsonObject extra) {
        this.id = id;
        this.name = name;
        this.domainId = domainId;
        this.parentId = parentId;
        this.description = description;
        this.enabled = enabled;
        this.tags = tags.encode();
        this.extra = extra.encode();
    }

    public String id() {
        return id;
    }

    public String name() {
        return name;
    }

    public String domainId() {
        return domainId;
    }

    public String description() {
        return description;
    }

    public boolean enabled() {
        return enabled;
    }

    public String parentId() {
        return parentId;
    }

    public JsonArray tags() {
        return tags == null ? new JsonArray() : new JsonArray(tags);
    }

    public JsonObject extra() {
        return extra == null ? new JsonObject() : new JsonObject(extra);
    }

    void rename(String newName) {
        this.name = newName;
    }

    void describe(String newDescription) {
        this.description = newDescription;
    }

    void enable(boolean on) {
        this.enabled = on;
    }

    void tag(JsonArray newTags) {
        this.tags = newTags.encode();
    }

    void extend(JsonObject newExtra) {
        this.extra = newExtra.encode();
    }

    void detachFromParent() {
        this.parentId = null;
    }
}

package org.novalab.api.identity;

import io.vertx.core.json.JsonObject;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

/** A Keystone group of users, named within its domain; its roles are its members' roles. */
@Entity
@Table(name = "user_groups")
public class GroupEntity {
    @Id
    private String id;
    @Column(nullable = false)
    private String name;
    @Column(name = "domain_id", nullable = false)
    private String domainId;
    private String description;
    /** A JSON object of the attributes Keystone keeps beside its own. */
    private String extra;

    protected GroupEntity() {
    }

    public GroupEntity(String id, String name, String domainId, String description, JsonObject extra) {
        this.id = id;
        this.name = name;
        this.domainId = domainId;
        this.description = description;
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

    public JsonObject extra() {
        return extra == null ? new JsonObject() : new JsonObject(extra);
    }

    void rename(String newName) {
        this.name = newName;
    }

    void describe(String newDescription) {
        this.description = newDescription;
    }

    void extend(JsonObject newExtra) {
        this.extra = newExtra.encode();
    }
}

package org.novalab.api.identity;

import io.vertx.core.json.JsonObject;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

@Entity
@Table(name = "users")
public class UserEntity {
    /** The stored hash of a user created without a password: no password matches it. */
    static final String NO_PASSWORD = "!";

    @Id
    private String id;
    @Column(nullable = false)
    private String name;
    @Column(name = "domain_id", nullable = false)
    private String domainId;
    @Column(name = "password_hash", nullable = false)
    private String passwordHash;
    @Column(name = "default_project_id")
    private String defaultProjectId;
    @Column(nullable = false)
    private boolean enabled;
    /** A JSON object of the attributes Keystone keeps beside its own (email, description, ...). */
    private String extra;

    protected UserEntity() {
    }

    public UserEntity(String id, String name, String domainId, String passwordHash, String defaultProjectId) {
        this(id, name, domainId, passwordHash, defaultProjectId, true, new JsonObject());
    }

    public UserEntity(String id, String name, String domainId, String passwordHash, String defaultProjectId,
            boolean enabled, JsonObject extra) {
        this.id = id;
        this.name = name;
        this.domainId = domainId;
        this.passwordHash = passwordHash;
        this.defaultProjectId = defaultProjectId;
        this.enabled = enabled;
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

    public String passwordHash() {
        return passwordHash;
    }

    public String defaultProjectId() {
        return defaultProjectId;
    }

    public boolean enabled() {
        return enabled;
    }

    public JsonObject extra() {
        return extra == null ? new JsonObject() : new JsonObject(extra);
    }

    void rename(String newName) {
        this.name = newName;
    }

    void enable(boolean on) {
        this.enabled = on;
    }

    void defaultProject(String projectId) {
        this.defaultProjectId = projectId;
    }

    void rehash(String newHash) {
        this.passwordHash = newHash;
    }

    void extend(JsonObject newExtra) {
        this.extra = newExtra.encode();
    }
}

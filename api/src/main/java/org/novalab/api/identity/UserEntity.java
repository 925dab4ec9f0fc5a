package org.novalab.api.identity;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

@Entity
@Table(name = "users")
public class UserEntity {
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

    protected UserEntity() {
    }

    public UserEntity(String id, String name, String domainId, String passwordHash, String defaultProjectId) {
        this.id = id;
        this.name = name;
        this.domainId = domainId;
        this.passwordHash = passwordHash;
        this.defaultProjectId = defaultProjectId;
        this.enabled = true;
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
}

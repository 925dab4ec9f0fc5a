package org.novalab.api.identity;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

/**
 * A role that can be assigned. The default roles (admin, member, reader: {@link Role}) are immutable rows whose ids
 * are their names; policy knows only them, roles an admin adds are carried in tokens and assignments. A role with a
 * domain is domain-specific: named within the domain, granted on its projects only, and never in a token itself,
 * only through the roles it implies.
 */
@Entity
@Table(name = "roles")
public class RoleEntity {
    @Id
    private String id;
    @Column(nullable = false)
    private String name;
    private String description;
    @Column(nullable = false)
    private boolean immutable;
    /** Null for a global role. */
    @Column(name = "domain_id")
    private String domainId;

    protected RoleEntity() {
    }

    public RoleEntity(String id, String name, String description, String domainId) {
        this.id = id;
        this.name = name;
        this.description = description;
        this.immutable = false;
        this.domainId = domainId;
    }

    public String id() {
        return id;
    }

    public String name() {
        return name;
    }

    public String description() {
        return description;
    }

    public boolean immutable() {
        return immutable;
    }

    /** The domain of a domain-specific role; null for a global one. */
    public String domainId() {
        return domainId;
    }

    public boolean global() {
        return domainId == null;
    }

    void rename(String newName) {
        this.name = newName;
    }

    void describe(String newDescription) {
        this.description = newDescription;
    }
}

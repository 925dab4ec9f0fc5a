package org.novalab.api.identity;

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

    protected ProjectEntity() {
    }

    public ProjectEntity(String id, String name, String domainId, String description) {
        this.id = id;
        this.name = name;
        this.domainId = domainId;
        this.description = description;
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

    public String description() {
        return description;
    }

    public boolean enabled() {
        return enabled;
    }
}

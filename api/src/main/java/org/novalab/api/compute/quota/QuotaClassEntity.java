package org.novalab.api.compute.quota;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

/** A quota class's limit for one resource; the class {@code default} replaces the configured defaults. */
@Entity
@Table(name = "quota_classes")
public class QuotaClassEntity {
    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    private Long id;
    @Column(name = "class_name", nullable = false)
    private String className;
    @Column(nullable = false)
    private String resource;
    @Column(name = "hard_limit", nullable = false)
    private int hardLimit;

    protected QuotaClassEntity() {
    }

    QuotaClassEntity(String className, QuotaResource resource, int hardLimit) {
        this.className = className;
        this.resource = resource.key();
        this.hardLimit = hardLimit;
    }

    QuotaResource resource() {
        return QuotaResource.of(resource).orElseThrow();
    }

    int hardLimit() {
        return hardLimit;
    }

    void setHardLimit(int hardLimit) {
        this.hardLimit = hardLimit;
    }
}

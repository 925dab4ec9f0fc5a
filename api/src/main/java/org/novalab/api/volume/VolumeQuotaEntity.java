package org.novalab.api.volume;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

/** A project's own limit of one volume resource ({@code volumes}, {@code gigabytes}, ...), set by an admin. */
@Entity
@Table(name = "volume_quota_limits")
public class VolumeQuotaEntity {
    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    Long id;
    @Column(name = "project_id", nullable = false)
    String projectId;
    @Column(nullable = false)
    String resource;
    @Column(name = "hard_limit", nullable = false)
    int hardLimit;

    protected VolumeQuotaEntity() {
    }

    VolumeQuotaEntity(String projectId, String resource, int hardLimit) {
        this.projectId = projectId;
        this.resource = resource;
        this.hardLimit = hardLimit;
    }
}

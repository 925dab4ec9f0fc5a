package org.novalab.api.compute.quota;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

/**
 * A limit an admin set (Nova's {@code quotas} and {@code project_user_quotas} tables in one): for a project when
 * {@code userId} is empty, for one user of the project otherwise.
 */
@Entity
@Table(name = "quota_limits")
public class QuotaLimitEntity {
    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    private Long id;
    @Column(name = "project_id", nullable = false)
    private String projectId;
    @Column(name = "user_id", nullable = false)
    private String userId;
    @Column(nullable = false)
    private String resource;
    @Column(name = "hard_limit", nullable = false)
    private int hardLimit;

    protected QuotaLimitEntity() {
    }

    QuotaLimitEntity(String projectId, String userId, QuotaResource resource, int hardLimit) {
        this.projectId = projectId;
        this.userId = userId;
        this.resource = resource.key();
        this.hardLimit = hardLimit;
    }

    String userId() {
        return userId;
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

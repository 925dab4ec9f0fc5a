package org.novalab.api.compute.migration;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;

/**
 * A move of a server between compute hosts (Nova's migrations table): a cold migration, a resize, a live migration
 * or an evacuation, from its source host and node to its destination, with its status. Nova keeps a hidden one for
 * a resize to the same host and never lists it.
 */
@Entity
@Table(name = "migrations")
public class MigrationEntity {
    /**
     * The statuses of a resize, a cold or a live migration that is over, one way or the other: it holds nothing of
     * either host any more.
     */
    public static final java.util.List<String> OVER = java.util.List.of("confirmed", "reverted", "error",
            "completed", "failed");
    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    private Long id;
    @Column(nullable = false)
    private String uuid;
    @Column(name = "instance_uuid", nullable = false)
    private String instanceUuid;
    @Column(name = "migration_type", nullable = false)
    private String migrationType;
    @Column(nullable = false)
    private String status;
    @Column(name = "source_compute")
    private String sourceCompute;
    @Column(name = "source_node")
    private String sourceNode;
    @Column(name = "dest_compute")
    private String destCompute;
    @Column(name = "dest_node")
    private String destNode;
    @Column(name = "dest_host")
    private String destHost;
    @Column(name = "old_instance_type_id")
    private Long oldInstanceTypeId;
    @Column(name = "new_instance_type_id")
    private Long newInstanceTypeId;
    @Column(nullable = false)
    private boolean hidden;
    @Column(name = "project_id", nullable = false)
    private String projectId;
    @Column(name = "user_id", nullable = false)
    private String userId;
    @Column(name = "created_at", nullable = false)
    private Instant createdAt;
    @Column(name = "updated_at")
    private Instant updatedAt;

    protected MigrationEntity() {
    }

    /** A migration of {@code instanceUuid} from one host to another, as the compute API begins one. */
    public MigrationEntity(String uuid, String instanceUuid, String migrationType, String status, String sourceCompute,
            String destCompute, String projectId, String userId, Instant now) {
        this.uuid = uuid;
        this.instanceUuid = instanceUuid;
        this.migrationType = migrationType;
        this.status = status;
        this.sourceCompute = sourceCompute;
        this.sourceNode = sourceCompute;
        this.destCompute = destCompute;
        this.destNode = destCompute;
        this.projectId = projectId;
        this.userId = userId;
        this.createdAt = now;
    }

    public Long id() {
        return id;
    }

    public String uuid() {
        return uuid;
    }

    public String instanceUuid() {
        return instanceUuid;
    }

    public String migrationType() {
        return migrationType;
    }

    public String status() {
        return status;
    }

    public String sourceCompute() {
        return sourceCompute;
    }

    public String sourceNode() {
        return sourceNode;
    }

    public String destCompute() {
        return destCompute;
    }

    public String destNode() {
        return destNode;
    }

    public String destHost() {
        return destHost;
    }

    public Long oldInstanceTypeId() {
        return oldInstanceTypeId;
    }

    public Long newInstanceTypeId() {
        return newInstanceTypeId;
    }

    public boolean hidden() {
        return hidden;
    }

    public String projectId() {
        return projectId;
    }

    public String userId() {
        return userId;
    }

    public Instant createdAt() {
        return createdAt;
    }

    public Instant updatedAt() {
        return updatedAt;
    }
}

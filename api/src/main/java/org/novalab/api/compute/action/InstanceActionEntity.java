package org.novalab.api.compute.action;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;

/** One request's action on a server (Nova's instance_actions row). */
@Entity
@Table(name = "instance_actions")
public class InstanceActionEntity {
    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    private Long id;
    @Column(name = "instance_uuid", nullable = false)
    private String instanceUuid;
    @Column(nullable = false)
    private String action;
    @Column(name = "request_id", nullable = false)
    private String requestId;
    @Column(name = "user_id", nullable = false)
    private String userId;
    @Column(name = "project_id", nullable = false)
    private String projectId;
    private String message;
    @Column(name = "start_time", nullable = false)
    private Instant startTime;
    @Column(name = "updated_at", nullable = false)
    private Instant updatedAt;

    protected InstanceActionEntity() {
    }

    InstanceActionEntity(String instanceUuid, String action, String requestId, String userId, String projectId,
            Instant now) {
        this.instanceUuid = instanceUuid;
        this.action = action;
        this.requestId = requestId;
        this.userId = userId;
        this.projectId = projectId;
        this.startTime = now;
        this.updatedAt = now;
    }

    Long id() {
        return id;
    }

    String instanceUuid() {
        return instanceUuid;
    }

    String action() {
        return action;
    }

    String requestId() {
        return requestId;
    }

    String userId() {
        return userId;
    }

    String projectId() {
        return projectId;
    }

    String message() {
        return message;
    }

    Instant startTime() {
        return startTime;
    }

    Instant updatedAt() {
        return updatedAt;
    }

    void failed(Instant now) {
        this.message = "Error";
        this.updatedAt = now;
    }

    void touched(Instant now) {
        this.updatedAt = now;
    }
}

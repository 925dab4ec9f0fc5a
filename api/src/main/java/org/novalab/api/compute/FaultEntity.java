package org.novalab.api.compute;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;

/** Why an instance went to ERROR, as the API's {@code fault} shows it. */
@Entity
@Table(name = "instance_faults")
public class FaultEntity {
    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    private Long id;
    @Column(name = "instance_id", nullable = false)
    private Long instanceId;
    @Column(nullable = false)
    private int code;
    @Column(nullable = false)
    private String message;
    @Column(name = "created_at", nullable = false)
    private Instant createdAt;

    protected FaultEntity() {
    }

    public FaultEntity(Long instanceId, int code, String message, Instant createdAt) {
        this.instanceId = instanceId;
        this.code = code;
        this.message = message.length() > 2000 ? message.substring(0, 2000) : message;
        this.createdAt = createdAt;
    }

    public Long instanceId() {
        return instanceId;
    }

    public int code() {
        return code;
    }

    public String message() {
        return message;
    }

    public Instant createdAt() {
        return createdAt;
    }
}

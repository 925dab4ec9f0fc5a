package org.novalab.api.compute.host;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;

/** A Nova service on a host ({@code nova-compute}, {@code nova-scheduler}, ...), as Nova's services table keeps it. */
@Entity
@Table(name = "services")
public class ServiceEntity {
    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    private Long id;
    @Column(nullable = false)
    private String uuid;
    @Column(nullable = false)
    private String host;
    @Column(name = "service_binary", nullable = false)
    private String binary;
    private String topic;
    @Column(nullable = false)
    private boolean disabled;
    @Column(name = "disabled_reason")
    private String disabledReason;
    @Column(name = "forced_down", nullable = false)
    private boolean forcedDown;
    @Column(name = "created_at", nullable = false)
    private Instant createdAt;
    @Column(name = "updated_at")
    private Instant updatedAt;

    protected ServiceEntity() {
    }

    ServiceEntity(String uuid, String host, String binary, String topic, Instant now) {
        this.uuid = uuid;
        this.host = host;
        this.binary = binary;
        this.topic = topic;
        this.createdAt = now;
        this.updatedAt = now;
    }

    public Long id() {
        return id;
    }

    public String uuid() {
        return uuid;
    }

    public String host() {
        return host;
    }

    public String binary() {
        return binary;
    }

    /** The RPC topic it listens on: {@code compute}, {@code scheduler}, {@code conductor}. */
    public String topic() {
        return topic;
    }

    public boolean disabled() {
        return disabled;
    }

    public String disabledReason() {
        return disabledReason;
    }

    public boolean forcedDown() {
        return forcedDown;
    }

    /** The last heartbeat. */
    public Instant updatedAt() {
        return updatedAt;
    }

    void enable() {
        disabled = false;
        disabledReason = null;
    }

    void disable(String reason) {
        disabled = true;
        disabledReason = reason;
    }

    void forceDown(boolean down) {
        forcedDown = down;
    }
}

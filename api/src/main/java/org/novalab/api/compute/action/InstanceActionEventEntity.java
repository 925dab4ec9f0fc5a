package org.novalab.api.compute.action;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;

/** A step of an action's work (Nova's {@code compute_stop_instance} and the like), with its result. */
@Entity
@Table(name = "instance_action_events")
public class InstanceActionEventEntity {
    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    private Long id;
    @Column(name = "action_id", nullable = false)
    private Long actionId;
    @Column(nullable = false)
    private String event;
    @Column(name = "start_time", nullable = false)
    private Instant startTime;
    @Column(name = "finish_time")
    private Instant finishTime;
    private String result;
    private String traceback;
    private String host;
    private String details;

    protected InstanceActionEventEntity() {
    }

    InstanceActionEventEntity(Long actionId, String event, String host, Instant now) {
        this.actionId = actionId;
        this.event = event;
        this.host = host;
        this.startTime = now;
    }

    Long actionId() {
        return actionId;
    }

    String event() {
        return event;
    }

    Instant startTime() {
        return startTime;
    }

    Instant finishTime() {
        return finishTime;
    }

    String result() {
        return result;
    }

    String traceback() {
        return traceback;
    }

    String host() {
        return host;
    }

    String details() {
        return details;
    }

    void finish(boolean success, String why, Instant now) {
        this.finishTime = now;
        this.result = success ? "Success" : "Error";
        if (!success && why != null) {
            String cut = why.length() > 2000 ? why.substring(0, 2000) : why;
            this.traceback = cut;
            this.details = cut;
        }
    }
}

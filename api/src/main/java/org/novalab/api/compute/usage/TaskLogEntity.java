package org.novalab.api.compute.usage;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;

/**
 * What a compute host's periodic task did for one period (Nova's task_log): RUNNING while it runs, then DONE with the
 * number of items it went through, its errors and a message.
 */
@Entity
@Table(name = "task_log")
public class TaskLogEntity {
    static final String RUNNING = "RUNNING";
    static final String DONE = "DONE";

    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    private Long id;
    @Column(name = "task_name", nullable = false)
    private String taskName;
    @Column(nullable = false)
    private String state;
    @Column(nullable = false)
    private String host;
    @Column(name = "period_beginning", nullable = false)
    private Instant periodBeginning;
    @Column(name = "period_ending", nullable = false)
    private Instant periodEnding;
    @Column(nullable = false)
    private String message;
    @Column(name = "task_items", nullable = false)
    private int taskItems;
    @Column(nullable = false)
    private int errors;
    @Column(name = "created_at", nullable = false)
    private Instant createdAt;
    @Column(name = "updated_at")
    private Instant updatedAt;

    protected TaskLogEntity() {
    }

    /** Nova's {@code task_log_begin_task}. */
    TaskLogEntity(String taskName, String host, AuditPeriod period, int taskItems, String message, Instant now) {
        this.taskName = taskName;
        this.state = RUNNING;
        this.host = host;
        this.periodBeginning = period.begin();
        this.periodEnding = period.end();
        this.taskItems = taskItems;
        this.message = message;
        this.createdAt = now;
    }

    /** Nova's {@code task_log_end_task}. */
    void end(int errorCount, String finalMessage, Instant now) {
        state = DONE;
        errors = errorCount;
        message = finalMessage;
        updatedAt = now;
    }

    Long id() {
        return id;
    }

    String host() {
        return host;
    }

    String state() {
        return state;
    }

    int taskItems() {
        return taskItems;
    }

    int errors() {
        return errors;
    }

    String message() {
        return message;
    }
}

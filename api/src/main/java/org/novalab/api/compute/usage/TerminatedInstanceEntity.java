package org.novalab.api.compute.usage;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;
import org.novalab.api.compute.InstanceEntity;

/** A deleted server as usage reports need it: its size, when it ran, when it ended. */
@Entity
@Table(name = "terminated_instances")
public class TerminatedInstanceEntity {
    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    private Long id;
    @Column(nullable = false)
    private String uuid;
    @Column(nullable = false)
    private String name;
    @Column(name = "project_id", nullable = false)
    private String projectId;
    /** The host it ran on (null for a server deleted before novalab remembered hosts, or never placed). */
    private String host;
    @Column(name = "flavor_name")
    private String flavorName;
    @Column(nullable = false)
    private int vcpus;
    @Column(name = "memory_mb", nullable = false)
    private int memoryMb;
    @Column(name = "local_gb", nullable = false)
    private int localGb;
    @Column(name = "created_at", nullable = false)
    private Instant createdAt;
    @Column(name = "launched_at")
    private Instant launchedAt;
    @Column(name = "terminated_at", nullable = false)
    private Instant terminatedAt;

    protected TerminatedInstanceEntity() {
    }

    /** What is kept of {@code i} as it goes. */
    public static TerminatedInstanceEntity of(InstanceEntity i, Instant now) {
        TerminatedInstanceEntity t = new TerminatedInstanceEntity();
        InstanceEntity.FlavorCopy f = i.flavorCopy();
        t.uuid = i.uuid();
        t.name = i.name();
        t.projectId = i.projectId();
        t.host = i.host();
        t.flavorName = f.name();
        t.vcpus = f.vcpus();
        t.memoryMb = f.ramMb();
        t.localGb = f.rootGb() + f.ephemeralGb();
        t.createdAt = i.createdAt();
        t.launchedAt = i.launchedAt();
        t.terminatedAt = now;
        return t;
    }

    Usage usage() {
        return new Usage(uuid, name, projectId, flavorName, vcpus, memoryMb, localGb, createdAt, launchedAt,
                terminatedAt, "terminated");
    }
}

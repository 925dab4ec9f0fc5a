package org.novalab.api.compute.host;

import io.vertx.core.json.JsonObject;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;
import java.util.Optional;

/**
 * A hypervisor: the compute node a compute service's host runs (one per host in novalab), with what that service
 * last reported of the host's resources.
 */
@Entity
@Table(name = "compute_nodes")
public class ComputeNodeEntity {
    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    private Long id;
    @Column(nullable = false)
    private String uuid;
    @Column(nullable = false)
    private String host;
    @Column(name = "hypervisor_hostname", nullable = false)
    private String hypervisorHostname;
    @Column(name = "created_at", nullable = false)
    private Instant createdAt;
    private Integer vcpus;
    @Column(name = "memory_mb")
    private Long memoryMb;
    @Column(name = "local_gb")
    private Long localGb;
    @Column(name = "disk_available_least")
    private Long diskAvailableLeast;
    @Column(name = "host_ip")
    private String hostIp;
    @Column(name = "hypervisor_type")
    private String hypervisorType;
    @Column(name = "hypervisor_version")
    private Long hypervisorVersion;
    @Column(name = "cpu_info")
    private String cpuInfo;
    @Column(name = "updated_at")
    private Instant updatedAt;
    /** Sorted, one space between: placement's trait names hold none. */
    private String traits;
    @Column(nullable = false)
    private int generation;

    protected ComputeNodeEntity() {
    }

    ComputeNodeEntity(String uuid, String host, String hypervisorHostname, Instant now) {
        this.uuid = uuid;
        this.host = host;
        this.hypervisorHostname = hypervisorHostname;
        this.createdAt = now;
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

    public String hypervisorHostname() {
        return hypervisorHostname;
    }

    /** What the host's compute service found the host has, at {@code now} (Nova's update_available_resource). */
    void report(HostResources.Capacity c, Instant now) {
        String reportedTraits = String.join(" ", c.traits());
        if (vcpus == null || vcpus != c.vcpus() || !memoryMb.equals(c.memoryMb()) || !localGb.equals(c.localGb())
                || !reportedTraits.equals(traits)) {
            generation++;
        }
        vcpus = c.vcpus();
        memoryMb = c.memoryMb();
        localGb = c.localGb();
        diskAvailableLeast = c.freeDiskGb();
        hostIp = c.hostIp();
        hypervisorType = c.hypervisorType();
        hypervisorVersion = c.hypervisorVersion();
        cpuInfo = c.cpuInfo().encode();
        traits = reportedTraits;
        updatedAt = now;
    }

    /** What the host last reported; empty until its compute service first did. */
    public Optional<HostResources.Capacity> reported() {
        if (vcpus == null) {
            return Optional.empty();
        }
        return Optional.of(new HostResources.Capacity(vcpus, memoryMb, localGb, diskAvailableLeast, hostIp,
                hypervisorType, hypervisorVersion, new JsonObject(cpuInfo), traitsOf(traits)));
    }

    private static java.util.Set<String> traitsOf(String column) {
        return column == null || column.isBlank() ? java.util.Set.of()
                : java.util.Set.of(column.trim().split(" +"));
    }

    /** Placement's generation of the host's resource provider: how often its inventory or traits changed. */
    public int generation() {
        return generation;
    }

    /** When the host last reported; null until it did. */
    public Instant reportedAt() {
        return updatedAt;
    }
}

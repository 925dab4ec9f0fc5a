package org.novalab.api.compute.host;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;

/** A hypervisor: the compute node a compute service's host runs (one per host in novalab). */
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
}

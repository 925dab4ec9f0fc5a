package org.novalab.api.compute;

import jakarta.persistence.CollectionTable;
import jakarta.persistence.Column;
import jakarta.persistence.ElementCollection;
import jakarta.persistence.Entity;
import jakarta.persistence.FetchType;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.JoinColumn;
import jakarta.persistence.MapKeyColumn;
import jakarta.persistence.Table;
import java.time.Instant;
import java.util.Map;
import java.util.TreeMap;

/** A server as Nova's instances table keeps it: integer id (names the domain) and the uuid the API shows. */
@Entity
@Table(name = "instances")
public class InstanceEntity {
    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    private Long id;
    @Column(nullable = false)
    private String uuid;
    @Column(nullable = false)
    private String name;
    @Column(name = "project_id", nullable = false)
    private String projectId;
    @Column(name = "user_id", nullable = false)
    private String userId;
    @Column(name = "image_id")
    private String imageId;
    @Column(name = "flavor_id", nullable = false)
    private String flavorId;
    @Column(nullable = false)
    private String backend;
    @Column(name = "vm_state", nullable = false)
    private String vmState;
    @Column(name = "task_state")
    private String taskState;
    @Column(name = "power_state", nullable = false)
    private int powerState;
    private String host;
    private String description;
    @Column(name = "created_at", nullable = false)
    private Instant createdAt;
    @Column(name = "updated_at", nullable = false)
    private Instant updatedAt;
    @Column(name = "launched_at")
    private Instant launchedAt;
    @ElementCollection(fetch = FetchType.EAGER)
    @CollectionTable(name = "instance_metadata", joinColumns = @JoinColumn(name = "instance_id"))
    @MapKeyColumn(name = "meta_key")
    @Column(name = "meta_value", nullable = false)
    private Map<String, String> metadata = new TreeMap<>();

    protected InstanceEntity() {
    }

    public InstanceEntity(String uuid, String name, String projectId, String userId, String imageId, String flavorId,
            String backend, Map<String, String> metadata, String description, Instant now) {
        this.uuid = uuid;
        this.name = name;
        this.projectId = projectId;
        this.userId = userId;
        this.imageId = imageId;
        this.flavorId = flavorId;
        this.backend = backend;
        this.metadata = new TreeMap<>(metadata);
        this.description = description;
        this.vmState = VmState.BUILDING.id();
        this.taskState = TaskState.SCHEDULING;
        this.powerState = PowerState.NOSTATE;
        this.createdAt = now;
        this.updatedAt = now;
    }

    public Long id() {
        return id;
    }

    public String uuid() {
        return uuid;
    }

    public String name() {
        return name;
    }

    public String projectId() {
        return projectId;
    }

    public String userId() {
        return userId;
    }

    public String imageId() {
        return imageId;
    }

    public String flavorId() {
        return flavorId;
    }

    public String backend() {
        return backend;
    }

    public VmState vmState() {
        return VmState.of(vmState);
    }

    public String taskState() {
        return taskState;
    }

    public int powerState() {
        return powerState;
    }

    public String host() {
        return host;
    }

    public String description() {
        return description;
    }

    public Instant createdAt() {
        return createdAt;
    }

    public Instant updatedAt() {
        return updatedAt;
    }

    public Instant launchedAt() {
        return launchedAt;
    }

    public Map<String, String> metadata() {
        return new TreeMap<>(metadata);
    }

    /** Nova's domain name: instance-%08x of the integer id. */
    public String instanceName() {
        return String.format("instance-%08x", id);
    }

    public void transition(VmState vm, String task, int power, Instant now) {
        this.vmState = vm.id();
        this.taskState = task;
        this.powerState = power;
        this.updatedAt = now;
    }

    public void launched(String host, Instant now) {
        this.host = host;
        this.launchedAt = now;
    }
}

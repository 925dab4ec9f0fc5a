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
import java.util.Optional;
import java.util.TreeMap;
import java.util.UUID;
import org.novalab.compute.InstanceName;
import org.novalab.compute.manager.InstanceRecord;
import org.novalab.compute.rpc.InstanceRef;
import org.novalab.compute.state.PowerState;
import org.novalab.compute.state.TaskState;
import org.novalab.compute.state.VmState;

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
    @Column(name = "key_name")
    private String keyName;
    @Column(name = "key_data", length = 65535)
    private String keyData;
    @ElementCollection(fetch = FetchType.EAGER)
    @CollectionTable(name = "instance_metadata", joinColumns = @JoinColumn(name = "instance_id"))
    @MapKeyColumn(name = "meta_key")
    @Column(name = "meta_value", nullable = false)
    private Map<String, String> metadata = new TreeMap<>();

    protected InstanceEntity() {
    }

    /** A new instance, scheduled on {@code host} and waiting for it: vm_state building, task_state scheduling. */
    public InstanceEntity(String uuid, String name, String projectId, String userId, String imageId, String flavorId,
            String backend, String host, Map<String, String> metadata, String description, Instant now) {
        this.uuid = uuid;
        this.name = name;
        this.projectId = projectId;
        this.userId = userId;
        this.imageId = imageId;
        this.flavorId = flavorId;
        this.backend = backend;
        this.host = host;
        this.metadata = new TreeMap<>(metadata);
        this.description = description;
        this.vmState = VmState.BUILDING.id();
        this.taskState = TaskState.SCHEDULING.value();
        this.powerState = PowerState.NOSTATE.code();
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

    /** Nova's spelling of the task state, or null when the instance is doing nothing. */
    public String taskState() {
        return taskState;
    }

    public Optional<TaskState> task() {
        return Optional.ofNullable(taskState).map(TaskState::of);
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

    /** The key pair the server was created with, or null. */
    public String keyName() {
        return keyName;
    }

    public String keyData() {
        return keyData;
    }

    /** Records the key pair a new server is created with (its name and public key, as Nova copies them). */
    public InstanceEntity withKeyPair(String name, String publicKey) {
        this.keyName = name;
        this.keyData = publicKey;
        return this;
    }

    public Map<String, String> metadata() {
        return new TreeMap<>(metadata);
    }

    /** Nova's domain name: instance-%08x of the integer id. */
    public String instanceName() {
        return InstanceName.of(id);
    }

    /** What the compute host acts on. */
    public InstanceRecord record() {
        return new InstanceRecord(UUID.fromString(uuid), id, name, host, vmState(), task(),
                PowerState.ofCode(powerState));
    }

    public InstanceRef ref() {
        return new InstanceRef(UUID.fromString(uuid), id);
    }
}

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
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.hibernate.annotations.DynamicUpdate;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.UUID;
import org.novalab.compute.DiskCreation;
import org.novalab.compute.EncryptionChoice;
import org.novalab.compute.Flavor;
import org.novalab.compute.InstanceName;
import org.novalab.compute.manager.InstanceRecord;
import org.novalab.compute.rpc.InstanceRef;
import org.novalab.compute.state.PowerState;
import org.novalab.compute.state.TaskState;
import org.novalab.compute.state.VmState;

/** A server as Nova's instances table keeps it: integer id (names the domain) and the uuid the API shows. */
@Entity
@Table(name = "instances")
@DynamicUpdate
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
    @Column(name = "deleted_at")
    private Instant deletedAt;
    @Column(length = 1020)
    private String password;
    private Boolean locked;
    @Column(name = "locked_by")
    private String lockedBy;
    @Column(name = "locked_reason")
    private String lockedReason;
    @Column(name = "key_name")
    private String keyName;
    @Column(name = "key_data", length = 65535)
    private String keyData;
    @Column(name = "flavor_name")
    private String flavorName;
    @Column(name = "root_gb")
    private Integer rootGb;
    @Column(name = "ephemeral_gb")
    private Integer ephemeralGb;
    @Column(name = "swap_mb")
    private Integer swapMb;
    @Column(name = "flavor_extra_specs", length = 65535)
    private String flavorExtraSpecs;
    @Column(nullable = false)
    private int vcpus;
    @Column(name = "memory_mb", nullable = false)
    private int memoryMb;
    @Column(name = "reservation_id")
    private String reservationId;
    @Column(name = "launch_index")
    private Integer launchIndex;
    private String hostname;
    @Column(name = "access_ip_v4")
    private String accessIpV4;
    @Column(name = "access_ip_v6")
    private String accessIpV6;
    @Column(name = "auto_disk_config")
    private Boolean autoDiskConfig;
    @Column(name = "availability_zone")
    private String availabilityZone;
    @Column(name = "alternate_hosts", length = 2048)
    private String alternateHosts;
    @Column(name = "user_data", length = 65535)
    private String userData;
    @Column(name = "root_encryption")
    private String rootEncryption;
    @Column(name = "disk_creation")
    private String diskCreation;
    @ElementCollection(fetch = FetchType.EAGER)
    @CollectionTable(name = "instance_tags", joinColumns = @JoinColumn(name = "instance_id"))
    @Column(name = "tag", nullable = false)
    private Set<String> tags = new TreeSet<>();
    @ElementCollection(fetch = FetchType.EAGER)
    @CollectionTable(name = "instance_metadata", joinColumns = @JoinColumn(name = "instance_id"))
    @MapKeyColumn(name = "meta_key")
    @Column(name = "meta_value", nullable = false)
    private Map<String, String> metadata = new TreeMap<>();

    protected InstanceEntity() {
    }

    /** A new instance, scheduled on its host and waiting for it: vm_state building, task_state scheduling. */
    public InstanceEntity(NewInstance n, Instant now) {
        this.uuid = n.uuid();
        this.name = n.name();
        this.hostname = n.hostname();
        this.projectId = n.projectId();
        this.userId = n.userId();
        this.imageId = n.imageId();
        this.flavorId = n.flavor().id();
        this.vcpus = n.flavor().vcpus();
        this.memoryMb = n.flavor().ramMb();
        this.flavorName = n.flavor().name();
        this.rootGb = n.flavor().rootGb();
        this.ephemeralGb = n.flavor().ephemeralGb();
        this.swapMb = n.flavor().swapMb();
        this.flavorExtraSpecs = new io.vertx.core.json.JsonObject(new java.util.LinkedHashMap<String, Object>(
                n.flavor().extraSpecs())).encode();
        this.backend = n.backend();
        this.host = n.host();
        this.metadata = new TreeMap<>(n.metadata());
        this.description = n.description();
        this.keyName = n.keyName();
        this.keyData = n.keyData();
        this.reservationId = n.reservationId();
        this.launchIndex = n.launchIndex();
        this.accessIpV4 = n.accessIpV4();
        this.accessIpV6 = n.accessIpV6();
        this.autoDiskConfig = n.autoDiskConfig();
        this.availabilityZone = n.availabilityZone();
        this.userData = n.userData();
        this.rootEncryption = n.rootDisk().encryption().libvirtFormat().orElse(null);
        this.diskCreation = n.rootDisk().creation().specValue();
        this.tags = new TreeSet<>(n.tags());
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

    /** When a delete made it soft-deleted (reclaimed once {@code reclaim_instance_interval} has passed), or null. */
    public Instant deletedAt() {
        return deletedAt;
    }

    /** The key pair the server was created with, or null. */
    public String keyName() {
        return keyName;
    }

    public String keyData() {
        return keyData;
    }

    /** The instance's copy of its flavor, as it was at create (Nova keeps one: the flavor may be deleted since). */
    public FlavorCopy flavorCopy() {
        Map<String, String> specs = new TreeMap<>();
        if (flavorExtraSpecs != null) {
            new io.vertx.core.json.JsonObject(flavorExtraSpecs).forEach(e -> specs.put(e.getKey(),
                    String.valueOf(e.getValue())));
        }
        return new FlavorCopy(flavorId, flavorName, vcpus, memoryMb, rootGb == null ? 0 : rootGb,
                ephemeralGb == null ? 0 : ephemeralGb, swapMb == null ? 0 : swapMb, specs);
    }

    /** What an instance keeps of its flavor. */
    public record FlavorCopy(String id, String name, int vcpus, int ramMb, int rootGb, int ephemeralGb, int swapMb,
            Map<String, String> extraSpecs) {
        /** The flavor as the compute host builds with it. */
        public Flavor toFlavor() {
            return new Flavor(id, name == null ? id : name, vcpus, ramMb, rootGb, extraSpecs);
        }
    }

    /**
     * How the root disk was made (Nova keeps it on the instance's local block device mappings), or empty for rows
     * from before it was kept.
     */
    public Optional<RootDisk> rootDisk() {
        if (diskCreation == null) {
            return Optional.empty();
        }
        EncryptionChoice encryption = rootEncryption == null ? EncryptionChoice.NONE
                : EncryptionChoice.ofLibvirtName(rootEncryption);
        return Optional.of(new RootDisk(encryption, DiskCreation.fromSpec(diskCreation)));
    }

    public boolean locked() {
        return Boolean.TRUE.equals(locked);
    }

    /** Who locked it: {@code owner} (its own project) or {@code admin} (someone else), or null when unlocked. */
    public String lockedBy() {
        return lockedBy;
    }

    public String lockedReason() {
        return lockedReason;
    }

    public void lock(String by, String reason) {
        this.locked = true;
        this.lockedBy = by;
        this.lockedReason = reason;
    }

    public void unlock() {
        this.locked = false;
        this.lockedBy = null;
        this.lockedReason = null;
    }

    /** The encrypted password the guest posted to the metadata service (Nova's password_0..3), or null. */
    public String password() {
        return password;
    }

    /** {@code DELETE /os-server-password}: Nova stores empty chunks; the guest's own password is not changed. */
    public void clearPassword() {
        this.password = "";
    }

    /** What the create or the last rebuild gave as user data (base64), or null. */
    public String userData() {
        return userData;
    }

    public int vcpus() {
        return vcpus;
    }

    public int memoryMb() {
        return memoryMb;
    }

    /** The {@code r-...} id a create shares among the instances it made (null for rows older than it). */
    public String reservationId() {
        return reservationId;
    }

    public int launchIndex() {
        return launchIndex == null ? 0 : launchIndex;
    }

    /** The guest's host name, Nova's sanitized display name (null for rows older than it). */
    public String hostname() {
        return hostname;
    }

    public Map<String, String> metadata() {
        return new TreeMap<>(metadata);
    }

    public String accessIpV4() {
        return accessIpV4;
    }

    public String accessIpV6() {
        return accessIpV6;
    }

    /** {@code OS-DCF:diskConfig}: AUTO when asked for, MANUAL otherwise. */
    public boolean autoDiskConfig() {
        return Boolean.TRUE.equals(autoDiskConfig);
    }

    /** The zone of its host when it was placed, or the zone it asked for while it has no host (or null). */
    public String availabilityZone() {
        return availabilityZone;
    }

    public Set<String> tags() {
        return new TreeSet<>(tags);
    }

    /**
     * The hosts its build may still go to when it fails on its own, best first (Nova's alternates): empty when it
     * never had any (a build that is not retried), an empty list when a retry used the last one.
     */
    public Optional<List<String>> alternateHosts() {
        return alternateHosts == null ? Optional.empty()
                : Optional.of(alternateHosts.isEmpty() ? List.of() : List.of(alternateHosts.split(",")));
    }

    /** Before it is stored: the alternates the scheduler chose beside the host it is on (none: not retried). */
    void alternateHosts(List<String> hosts) {
        this.alternateHosts = hosts.isEmpty() ? null : String.join(",", hosts);
    }

    // ---- what the API changes on a server besides its task and vm states ----

    public void rename(String newName) {
        this.name = newName;
    }

    public void describe(String newDescription) {
        this.description = newDescription;
    }

    public void hostname(String newHostname) {
        this.hostname = newHostname;
    }

    public void accessIps(String v4, String v6) {
        this.accessIpV4 = v4;
        this.accessIpV6 = v6;
    }

    public void autoDiskConfig(boolean auto) {
        this.autoDiskConfig = auto;
    }

    /** The key pair a rebuild (2.54) gives the server, or none. */
    public void keyPair(String name, String publicKey) {
        this.keyName = name;
        this.keyData = publicKey;
    }

    public void userData(String base64) {
        this.userData = base64;
    }

    /** Nova's {@code os-resetState}: an admin sets the vm state and clears any task. */
    public void resetState(VmState state) {
        this.vmState = state.id();
        this.taskState = null;
    }

    /** Nova's rebuild: the image changes and the task state is taken, in the one save of the request. */
    public void beginRebuild(String newImageId) {
        this.imageId = newImageId;
        this.taskState = TaskState.REBUILDING.value();
    }

    public void replaceMetadata(Map<String, String> items) {
        metadata.clear();
        metadata.putAll(items);
    }

    public void replaceTags(Set<String> newTags) {
        tags.clear();
        tags.addAll(newTags);
    }

    public void touch(Instant now) {
        this.updatedAt = now;
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

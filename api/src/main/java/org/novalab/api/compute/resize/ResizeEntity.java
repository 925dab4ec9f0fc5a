package org.novalab.api.compute.resize;

import io.vertx.core.json.JsonObject;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;
import org.novalab.api.compute.InstanceEntity.FlavorCopy;

/**
 * A resize's own record beside its migration row: the server's flavor before and after (copies, as the server keeps
 * its flavor: the flavor itself may change or go) and whether the server was stopped (Nova's {@code old_vm_state}).
 */
@Entity
@Table(name = "instance_resizes")
public class ResizeEntity {
    @Id
    @Column(name = "migration_uuid")
    private String migrationUuid;
    @Column(name = "instance_uuid", nullable = false)
    private String instanceUuid;
    @Column(name = "old_flavor", nullable = false, length = 65535)
    private String oldFlavor;
    @Column(name = "new_flavor", nullable = false, length = 65535)
    private String newFlavor;
    @Column(name = "was_stopped", nullable = false)
    private boolean wasStopped;
    @Column(name = "created_at", nullable = false)
    private Instant createdAt;

    protected ResizeEntity() {
    }

    public ResizeEntity(String migrationUuid, String instanceUuid, FlavorCopy oldFlavor, FlavorCopy newFlavor,
            boolean wasStopped, Instant now) {
        this.migrationUuid = migrationUuid;
        this.instanceUuid = instanceUuid;
        this.oldFlavor = encode(oldFlavor);
        this.newFlavor = encode(newFlavor);
        this.wasStopped = wasStopped;
        this.createdAt = now;
    }

    public String migrationUuid() {
        return migrationUuid;
    }

    public String instanceUuid() {
        return instanceUuid;
    }

    public FlavorCopy oldFlavor() {
        return decode(oldFlavor);
    }

    public FlavorCopy newFlavor() {
        return decode(newFlavor);
    }

    public boolean wasStopped() {
        return wasStopped;
    }

    static String encode(FlavorCopy f) {
        return new JsonObject().put("id", f.id()).put("name", f.name()).put("vcpus", f.vcpus()).put("ram", f.ramMb())
                .put("disk", f.rootGb()).put("ephemeral", f.ephemeralGb()).put("swap", f.swapMb())
                .put("extra_specs", new JsonObject(new LinkedHashMap<String, Object>(f.extraSpecs()))).encode();
    }

    static FlavorCopy decode(String json) {
        JsonObject o = new JsonObject(json);
        Map<String, String> specs = new TreeMap<>();
        o.getJsonObject("extra_specs").forEach(e -> specs.put(e.getKey(), String.valueOf(e.getValue())));
        return new FlavorCopy(o.getString("id"), o.getString("name"), o.getInteger("vcpus"), o.getInteger("ram"),
                o.getInteger("disk"), o.getInteger("ephemeral"), o.getInteger("swap"), specs);
    }
}

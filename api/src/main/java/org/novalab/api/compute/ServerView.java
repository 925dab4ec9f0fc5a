package org.novalab.api.compute;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import org.novalab.api.identity.AuthContext;
import org.novalab.compute.state.TaskState;
import org.novalab.compute.state.VmState;

/** Servers as Nova shows them: the fields clients read, shaped by microversion and the caller's role. */
public final class ServerView {
    private ServerView() {
    }

    static JsonObject brief(String base, InstanceEntity i) {
        return new JsonObject().put("id", i.uuid()).put("name", i.name()).put("links", links(base, i.uuid()));
    }

    public static JsonObject detail(String base, InstanceEntity i, FaultEntity fault, Microversion v,
            AuthContext caller) {
        return detail(base, i, fault, v, caller, true);
    }

    /**
     * What {@code PUT /servers/{id}} answers: before 2.75 the server without the attributes of Nova's extensions
     * (zone, config drive, key, usage, states, volumes, the admin's server attributes), from 2.75 the whole server.
     */
    public static JsonObject updated(String base, InstanceEntity i, FaultEntity fault, Microversion v,
            AuthContext caller) {
        return detail(base, i, fault, v, caller, v.atLeast(75));
    }

    /**
     * What a rebuild answers (Nova's rebuild view): the server as {@link #updated} shows it, with its key from 2.54
     * and its user data from 2.57, and the administrator password the rebuild gave or generated.
     */
    public static JsonObject rebuilt(String base, InstanceEntity i, FaultEntity fault, Microversion v,
            AuthContext caller, String adminPass) {
        JsonObject o = updated(base, i, fault, v, caller);
        if (v.atLeast(54)) {
            o.put("key_name", i.keyName());
        }
        if (v.atLeast(57)) {
            o.put("user_data", i.userData());
        }
        // Nova's rebuild view leaves the admin's user_data attribute out: user_data is answered on its own
        o.remove("OS-EXT-SRV-ATTR:user_data");
        return o.put("adminPass", adminPass);
    }

    private static JsonObject detail(String base, InstanceEntity i, FaultEntity fault, Microversion v,
            AuthContext caller, boolean all) {
        JsonObject o = new JsonObject()
                .put("id", i.uuid())
                .put("name", i.name())
                .put("status", status(i))
                .put("tenant_id", i.projectId())
                .put("user_id", i.userId())
                .put("metadata", new JsonObject(new LinkedHashMap<String, Object>(i.metadata())))
                .put("hostId", hostId(i))
                .put("image", image(base, i))
                .put("flavor", FlavorView.embedded(base, i.flavorCopy(), v))
                .put("created", time(i.createdAt()))
                .put("updated", time(i.updatedAt()))
                .put("addresses", new JsonObject())
                .put("accessIPv4", i.accessIpV4() == null ? "" : i.accessIpV4())
                .put("accessIPv6", i.accessIpV6() == null ? "" : i.accessIpV6())
                .put("links", links(base, i.uuid()))
                .put("OS-DCF:diskConfig", i.autoDiskConfig() ? "AUTO" : "MANUAL");
        // Nova shows the progress only in the statuses that have one (ACTIVE, BUILD, REBUILD, RESIZE, ...)
        String status = status(i);
        if (status.equals("ACTIVE") || status.equals("BUILD") || status.equals("REBUILD")) {
            o.put("progress", status.equals("ACTIVE") ? 100 : 0);
        }
        if (all) {
            o.put("OS-EXT-AZ:availability_zone", i.availabilityZone() == null ? "" : i.availabilityZone())
                    .put("config_drive", "")
                    .put("key_name", i.keyName())
                    .put("OS-SRV-USG:launched_at", i.launchedAt() == null ? null
                            : time(i.launchedAt()).replace("Z", ".000000"))
                    .putNull("OS-SRV-USG:terminated_at")
                    .put("OS-EXT-STS:vm_state", i.vmState().id())
                    .put("OS-EXT-STS:task_state", i.taskState())
                    .put("OS-EXT-STS:power_state", i.powerState())
                    .put("os-extended-volumes:volumes_attached", new JsonArray());
        }
        if (caller.isAdmin() && all) {
            o.put("OS-EXT-SRV-ATTR:host", placedOn(i))
                    .put("OS-EXT-SRV-ATTR:instance_name", i.instanceName())
                    .put("OS-EXT-SRV-ATTR:hypervisor_hostname", placedOn(i));
            if (v.atLeast(3)) {
                o.put("OS-EXT-SRV-ATTR:reservation_id", i.reservationId() != null ? i.reservationId()
                                : "r-" + i.uuid().substring(0, 8))
                        .put("OS-EXT-SRV-ATTR:launch_index", i.launchIndex())
                        .put("OS-EXT-SRV-ATTR:hostname", i.hostname() != null ? i.hostname()
                                : Hostname.sanitize(i.name()))
                        .put("OS-EXT-SRV-ATTR:kernel_id", "")
                        .put("OS-EXT-SRV-ATTR:ramdisk_id", "")
                        .put("OS-EXT-SRV-ATTR:root_device_name", "/dev/vda")
                        .put("OS-EXT-SRV-ATTR:user_data", i.userData());
            }
            if (v.atLeast(16)) {
                o.put("host_status", placedOn(i) == null ? "" : "UP");
            }
        }
        if (v.atLeast(90) && !(caller.isAdmin() && all)) {
            // 2.90 shows the guest's host name to everyone (admins see it with the other attributes from 2.3)
            o.put("OS-EXT-SRV-ATTR:hostname", i.hostname() != null ? i.hostname() : Hostname.sanitize(i.name()));
        }
        if (v.atLeast(9)) {
            o.put("locked", i.locked());
        }
        if (v.atLeast(19)) {
            o.put("description", i.description());
        }
        if (v.atLeast(26)) {
            o.put("tags", new JsonArray(new java.util.ArrayList<Object>(i.tags())));
        }
        if (v.atLeast(63)) {
            o.putNull("trusted_image_certificates");
        }
        if (v.atLeast(73)) {
            o.put("locked_reason", i.lockedReason());
        }
        if (fault != null) {
            o.put("fault", new JsonObject().put("code", fault.code()).put("message", fault.message())
                    .put("created", time(fault.createdAt())));
        }
        return o;
    }

    /** From 2.71 a server shows the server groups it is in. */
    /** Nova's {@code volumes_attached}: each volume's id, and from 2.3 its {@code delete_on_termination}. */
    public static JsonObject withVolumes(JsonObject server, java.util.List<AttachedVolumes.Attached> volumes,
            Microversion v) {
        if (server.containsKey("os-extended-volumes:volumes_attached")) {
            JsonArray list = new JsonArray();
            for (AttachedVolumes.Attached a : volumes) {
                JsonObject one = new JsonObject().put("id", a.volumeId());
                if (v.atLeast(3)) {
                    one.put("delete_on_termination", a.deleteOnTermination());
                }
                list.add(one);
            }
            server.put("os-extended-volumes:volumes_attached", list);
        }
        return server;
    }

    public static JsonObject withGroups(JsonObject server, java.util.List<String> groups, Microversion v) {
        if (v.atLeast(71)) {
            server.put("server_groups", new JsonArray(new java.util.ArrayList<Object>(groups)));
        }
        return server;
    }

    static String status(InstanceEntity i) {
        if (i.task().equals(Optional.of(TaskState.DELETING)) && i.vmState() != VmState.ERROR) {
            return i.vmState().status();
        }
        // Nova's _STATE_MAP: only an active server shows its reboot
        if (i.vmState() == VmState.ACTIVE && i.task().equals(Optional.of(TaskState.REBOOTING))) {
            return "REBOOT";
        }
        if (i.vmState() == VmState.ACTIVE && i.task().equals(Optional.of(TaskState.REBOOTING_HARD))) {
            return "HARD_REBOOT";
        }
        if (i.vmState() == VmState.ACTIVE && i.task().equals(Optional.of(TaskState.RESCUING))) {
            return "RESCUE";
        }
        if (i.vmState() == VmState.ACTIVE && i.task().equals(Optional.of(TaskState.UPDATING_PASSWORD))) {
            return "PASSWORD";
        }
        if (i.task().filter(TaskState::rebuilding).isPresent() && i.vmState() != VmState.BUILDING) {
            return "REBUILD";
        }
        // an active or stopped server shows its resize, a resized one its revert
        if (i.task().filter(TaskState::resizing).isPresent()
                && (i.vmState() == VmState.ACTIVE || i.vmState() == VmState.STOPPED)) {
            return "RESIZE";
        }
        if (i.task().equals(Optional.of(TaskState.MIGRATING))
                && (i.vmState() == VmState.ACTIVE || i.vmState() == VmState.PAUSED)) {
            return "MIGRATING";
        }
        if (i.vmState() == VmState.RESIZED && i.task().equals(Optional.of(TaskState.RESIZE_REVERTING))) {
            return "REVERT_RESIZE";
        }
        return i.vmState().status();
    }

    private static Object image(String base, InstanceEntity i) {
        if ("RBD".equals(i.backend()) || i.imageId() == null) {
            return ""; // boot from volume: Nova shows an empty string
        }
        return new JsonObject().put("id", i.imageId()).put("links", new JsonArray().add(
                new JsonObject().put("rel", "bookmark").put("href", base + "/images/" + i.imageId())));
    }

    public static JsonArray links(String base, String uuid) {
        return new JsonArray()
                .add(new JsonObject().put("rel", "self").put("href", base + "/v2.1/servers/" + uuid))
                .add(new JsonObject().put("rel", "bookmark").put("href", base + "/servers/" + uuid));
    }

    /**
     * The host the server is on: none once it is shelved and offloaded (Nova nulls its host and node; novalab keeps
     * the row's host so the delete and the unshelve reach the one host that holds its passphrase).
     */
    static String placedOn(InstanceEntity i) {
        return i.vmState() == org.novalab.compute.state.VmState.SHELVED_OFFLOADED ? null : i.host();
    }

    /** Nova's hostId: sha224 of project and host, so a tenant can tell co-located servers apart, nothing more. */
    private static String hostId(InstanceEntity i) {
        if (placedOn(i) == null) {
            return "";
        }
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-224")
                    .digest((i.projectId() + i.host()).getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    static String time(Instant t) {
        return DateTimeFormatter.ISO_INSTANT.format(t.truncatedTo(ChronoUnit.SECONDS));
    }

    public static Map<String, FlavorEntity> byId(Iterable<FlavorEntity> flavors) {
        Map<String, FlavorEntity> map = new LinkedHashMap<>();
        flavors.forEach(f -> map.put(f.id(), f));
        return map;
    }
}

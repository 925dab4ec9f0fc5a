package org.novalab.api.compute.adminpass;

import io.vertx.core.json.JsonObject;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import org.novalab.api.compute.HibernateInstanceStore;
import org.novalab.api.compute.HostDoor;
import org.novalab.api.compute.InstanceEntity;
import org.novalab.api.compute.InstanceLock;
import org.novalab.api.compute.NovaPolicy;
import org.novalab.api.compute.NovaSchema;
import org.novalab.api.compute.ServerQueries;
import org.novalab.api.http.ApiException;
import org.novalab.api.identity.AuthContext;
import org.novalab.compute.password.PasswordNotSet;
import org.novalab.compute.rpc.ComputeApi;
import org.novalab.compute.state.TaskState;
import org.novalab.compute.state.VmState;
import org.novalab.disk.Passphrase;
import org.novalab.image.ImageRecord;
import org.novalab.image.ImageService;

/**
 * Nova's {@code changePassword} action ({@code admin_password.py}, {@code compute.api.set_admin_password}): an
 * active server, not locked, goes to task state {@code updating_password} and the host is called (not cast) to set
 * the password through the guest's QEMU agent. Nova's answers: 202 without a body when it was set; 409 "QEMU guest
 * agent is not enabled" for an image without {@code hw_qemu_guest_agent=yes}, 409 "Failed to set admin password on
 * ... because ..." when the guest is not running or the agent failed, 501 "Unable to set password on instance" when
 * the agent does not answer (novalab's emulated guest runs none). The password travels as a {@link Passphrase},
 * is closed after the call and is never stored or logged; a refusal never shows the body back.
 */
public final class AdminPasswordChanges {
    private static final String POLICY = "os_compute_api:os-admin-password";
    private static final String ACTION = "changePassword";

    private final ServerQueries queries;
    private final ImageService images;
    private final HibernateInstanceStore instances;
    private final ComputeApi compute;
    private final HostDoor door;

    public AdminPasswordChanges(ServerQueries queries, ImageService images, HibernateInstanceStore instances,
            ComputeApi compute, HostDoor door) {
        this.queries = queries;
        this.images = images;
        this.instances = instances;
        this.compute = compute;
        this.door = door;
    }

    /** Nova's schema: an object with exactly {@code adminPass}, a string. */
    public static String password(JsonObject body) {
        Object value = body.getValue(ACTION);
        if (!(value instanceof JsonObject args)) {
            throw NovaSchema.invalid(ACTION, value, NovaSchema.notOfType(value, "object"));
        }
        Set<String> unexpected = new TreeSet<>(args.fieldNames());
        unexpected.remove("adminPass");
        if (!unexpected.isEmpty()) {
            throw NovaSchema.additional(args, unexpected, null);
        }
        if (!args.containsKey("adminPass")) {
            throw ApiException.badRequest("'adminPass' is a required property");
        }
        return NovaSchema.string(args.getValue("adminPass"), "adminPass", 0, Integer.MAX_VALUE);
    }

    public void change(AuthContext caller, String uuid, String password, String requestId) {
        InstanceEntity instance = queries.get(caller, uuid);
        NovaPolicy.memberOrAdmin(caller, instance.projectId(), POLICY);
        InstanceLock.require(caller, instance);
        door.requireUp(instance);
        switch (instances.beginTask(UUID.fromString(uuid), Set.of(VmState.ACTIVE), TaskState.UPDATING_PASSWORD)) {
            case NONE -> {
            }
            case GONE -> throw ApiException.notFound("Instance " + uuid + " could not be found.");
            case BUSY -> throw ApiException.conflict("Cannot '" + ACTION + "' instance " + uuid
                    + " while it is in task_state " + current(uuid).taskState());
            case WRONG_STATE -> throw ApiException.conflict("Cannot '" + ACTION + "' instance " + uuid
                    + " while it is in vm_state " + current(uuid).vmState().id());
        }
        String event = "compute_set_admin_password";
        instances.actions().start(uuid, ACTION, requestId, caller, event, instance.host());
        // Nova's instance.image_meta: the properties of the image the server was built from
        Map<String, String> properties = instance.imageId() == null ? Map.of()
                : images.find(instance.imageId()).map(ImageRecord::properties).orElse(Map.of());
        // the request's JSON already made the password a String; from here on it is held off the heap
        try (Passphrase secret = Passphrase.of(password)) {
            compute.setAdminPassword(instance.host(), instance.ref(), properties, secret);
        } catch (PasswordNotSet e) {
            throw switch (e.kind()) {
                case NOT_IMPLEMENTED -> new ApiException(501, "Unable to set password on instance");
                case AGENT_NOT_ENABLED, FAILED -> ApiException.conflict(e.getMessage());
            };
        } catch (RuntimeException e) {
            String why = HostDoor.notHandedOver(instance.host(), e);
            instances.clearTask(UUID.fromString(uuid), TaskState.UPDATING_PASSWORD);
            instances.actions().finish(uuid, event, false, why);
            throw new ApiException(503, why + "; retry the " + ACTION);
        }
    }

    private InstanceEntity current(String uuid) {
        return instances.find(UUID.fromString(uuid))
                .orElseThrow(() -> ApiException.notFound("Instance " + uuid + " could not be found."));
    }
}

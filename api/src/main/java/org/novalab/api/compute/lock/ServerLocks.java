package org.novalab.api.compute.lock;

import io.vertx.core.json.JsonObject;
import java.util.Set;
import org.novalab.api.compute.InstanceEntity;
import org.novalab.api.compute.Microversion;
import org.novalab.api.compute.NovaPolicy;
import org.novalab.api.compute.NovaSchema;
import org.novalab.api.compute.ServerQueries;
import org.novalab.api.compute.action.InstanceActions;
import org.novalab.api.compute.server.ServerRows;
import org.novalab.api.identity.AuthContext;

/**
 * Nova's {@code lock} and {@code unlock} server actions (the project's members or an admin). A locked server refuses
 * its actions to anyone but an admin ({@link org.novalab.api.compute.InstanceLock}). Locked by its own project
 * ({@code owner}) it is unlocked by that project; locked by someone else ({@code admin}) only an admin unlocks it
 * (Nova's {@code unlock_override}). Locking a server its own project locked already changes nothing, as in Nova. Each
 * is recorded as an instance action with its {@code api_lock}/{@code api_unlock} event.
 */
public final class ServerLocks {
    private static final String POLICY = "os_compute_api:os-lock-server:";
    private final ServerQueries queries;
    private final ServerRows rows;
    private final InstanceActions actions;

    public ServerLocks(ServerQueries queries, ServerRows rows, InstanceActions actions) {
        this.queries = queries;
        this.rows = rows;
        this.actions = actions;
    }

    /** The {@code lock} body: anything before 2.73, then null or {@code {"locked_reason": ...}} (1 to 255). */
    public static String reason(JsonObject body, Microversion v) {
        Object lock = body.getValue("lock");
        if (!v.atLeast(73) || lock == null) {
            return null;
        }
        JsonObject args = NovaSchema.object(lock, "lock");
        NovaSchema.allowOnly(args, Set.of("locked_reason"), "lock");
        return args.containsKey("locked_reason")
                ? NovaSchema.string(args.getValue("locked_reason"), "locked_reason", 1, 255) : null;
    }

    public void lock(AuthContext caller, String uuid, String reason, String requestId) {
        InstanceEntity instance = queries.get(caller, uuid);
        NovaPolicy.memberOrAdmin(caller, instance.projectId(), POLICY + "lock");
        boolean owner = instance.projectId().equals(caller.projectId());
        if (instance.locked() && owner) {
            return;
        }
        record(caller, instance, "lock", requestId);
        rows.change(uuid, "lock", null, false, row -> {
            row.lock(owner ? "owner" : "admin", reason);
            return row;
        });
    }

    public void unlock(AuthContext caller, String uuid, String requestId) {
        InstanceEntity instance = queries.get(caller, uuid);
        NovaPolicy.memberOrAdmin(caller, instance.projectId(), POLICY + "unlock");
        String expected = instance.projectId().equals(caller.projectId()) ? "owner" : "admin";
        if (instance.lockedBy() != null && !instance.lockedBy().equals(expected)) {
            NovaPolicy.admin(caller, POLICY + "unlock:unlock_override");
        }
        record(caller, instance, "unlock", requestId);
        rows.change(uuid, "unlock", null, false, row -> {
            row.unlock();
            return row;
        });
    }

    /** Nova records the action with its API event, which succeeds at once. */
    private void record(AuthContext caller, InstanceEntity instance, String action, String requestId) {
        actions.start(instance.uuid(), action, requestId, caller, "api_" + action, instance.host());
        actions.finish(instance.uuid(), "api_" + action, true, null);
    }
}

package org.novalab.api.compute.admin;

import io.vertx.core.json.JsonObject;
import java.util.List;
import java.util.Set;
import org.novalab.api.compute.InstanceEntity;
import org.novalab.api.compute.NovaPolicy;
import org.novalab.api.compute.NovaSchema;
import org.novalab.api.compute.ServerQueries;
import org.novalab.api.compute.action.InstanceActions;
import org.novalab.api.compute.server.ServerRows;
import org.novalab.api.identity.AuthContext;
import org.novalab.compute.state.VmState;

/**
 * Nova's {@code os-resetState} admin action: an admin puts a server in {@code active} or {@code error} and clears
 * its task state, whatever it was doing (a task that was running finds its task state gone and records nothing), as
 * the way out of a server stuck in a task. The host is not asked anything; the action is recorded as
 * {@code resetState} with no event.
 */
public final class ServerStateReset {
    private static final String ACTION = "os-resetState";
    private static final String POLICY = "os_compute_api:os-admin-actions:reset_state";
    private final ServerQueries queries;
    private final ServerRows rows;
    private final InstanceActions actions;

    public ServerStateReset(ServerQueries queries, ServerRows rows, InstanceActions actions) {
        this.queries = queries;
        this.rows = rows;
        this.actions = actions;
    }

    /** Nova's schema: {@code {"os-resetState": {"state": "active" | "error"}}}, nothing else. */
    public static VmState parse(JsonObject body) {
        JsonObject args = NovaSchema.object(body.getValue(ACTION), ACTION);
        NovaSchema.allowOnly(args, Set.of("state"), ACTION);
        NovaSchema.require(args, "state", ACTION);
        String state = NovaSchema.oneOf(args.getValue("state"), "state", List.of("active", "error"));
        return VmState.of(state);
    }

    public void reset(AuthContext caller, String uuid, VmState state, String requestId) {
        InstanceEntity instance = queries.get(caller, uuid);
        NovaPolicy.admin(caller, POLICY);
        rows.change(instance.uuid(), ACTION, null, false, row -> {
            row.resetState(state);
            return row;
        });
        actions.record(instance.uuid(), "resetState", requestId, caller);
    }
}

package org.novalab.api.compute.action;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import java.util.Set;
import org.novalab.api.compute.Microversion;
import org.novalab.api.compute.NovaPolicy;
import org.novalab.api.compute.NovaQuery;
import org.novalab.api.compute.NovaTime;
import org.novalab.api.compute.ServerQueries;
import org.novalab.api.http.ApiException;
import org.novalab.api.http.BaseUrl;
import org.novalab.api.http.Blocking;
import org.novalab.api.http.Reply;
import org.novalab.api.identity.AuthContext;
import org.novalab.api.identity.AuthFilter;

/**
 * {@code /servers/{id}/os-instance-actions} and {@code /{request_id}}: a server's actions, newest first (from 2.21
 * also a deleted server's; from 2.58 {@code updated_at}, paging by {@code limit} and {@code marker}, and
 * {@code changes-since}, from 2.66 {@code changes-before}), and one action with its events: for admins always (with
 * the traceback, from 2.62 the host), for the project from 2.51 (from 2.62 with the {@code hostId}); from 2.84 the
 * events' {@code details} for admins.
 */
public final class InstanceActionRoutes {
    private static final String POLICY = "os_compute_api:os-instance-actions:";
    private static final int MAX_LIMIT = 1000;
    private final InstanceActions actions;
    private final ServerQueries queries;
    private final Blocking blocking;

    public InstanceActionRoutes(InstanceActions actions, ServerQueries queries, Blocking blocking) {
        this.actions = actions;
        this.queries = queries;
        this.blocking = blocking;
    }

    public void mount(Router router, String v) {
        router.get(v + "/servers/:id/os-instance-actions").handler(this::list);
        router.get(v + "/servers/:id/os-instance-actions/:request").handler(this::show);
    }

    /** The project of the server (a deleted one's from its actions, from 2.21), or Nova's 404. */
    private String projectOf(AuthContext caller, String uuid, Microversion v) {
        try {
            return queries.get(caller, uuid).projectId();
        } catch (ApiException notFound) {
            if (!v.atLeast(21)) {
                throw notFound;
            }
            List<InstanceActionEntity> kept = actions.actions(uuid);
            if (kept.isEmpty() || !(caller.isAdmin() || kept.get(0).projectId().equals(caller.projectId()))) {
                throw notFound;
            }
            return kept.get(0).projectId();
        }
    }

    private void list(RoutingContext ctx) {
        AuthContext caller = AuthFilter.of(ctx);
        Microversion v = Microversion.of(ctx);
        String base = BaseUrl.of(ctx);
        blocking.reply(ctx, () -> {
            String uuid = ctx.pathParam("id");
            List<InstanceActionEntity> all;
            Integer limit = null;
            if (v.atLeast(58)) {
                NovaQuery q = NovaQuery.of(ctx).strict(v.atLeast(66)
                        ? Set.of("limit", "marker", "changes-since", "changes-before")
                        : Set.of("limit", "marker", "changes-since"));
                Integer asked = q.nonNegativeInteger("limit");
                limit = asked == null ? MAX_LIMIT : Math.min(asked, MAX_LIMIT);
                Instant since = q.dateTime("changes-since");
                Instant before = v.atLeast(66) ? q.dateTime("changes-before") : null;
                if (since != null && before != null && before.isBefore(since)) {
                    throw ApiException.badRequest("The value of changes-since must be less than or equal to "
                            + "changes-before.");
                }
                String project = projectOf(caller, uuid, v);
                NovaPolicy.readerOrAdmin(caller, project, POLICY + "list");
                all = actions.actions(uuid).stream()
                        .filter(a -> since == null || !a.updatedAt().isBefore(since))
                        .filter(a -> before == null || !a.updatedAt().isAfter(before)).toList();
                String marker = q.string("marker");
                if (marker != null) {
                    int at = -1;
                    for (int n = 0; n < all.size(); n++) {
                        if (all.get(n).requestId().equals(marker)) {
                            at = n;
                        }
                    }
                    if (at < 0) {
                        throw ApiException.badRequest("Marker " + marker + " could not be found.");
                    }
                    all = all.subList(at + 1, all.size());
                }
                all = all.subList(0, Math.min(all.size(), limit));
            } else {
                String project = projectOf(caller, uuid, v);
                NovaPolicy.readerOrAdmin(caller, project, POLICY + "list");
                all = actions.actions(uuid);
            }
            JsonArray list = new JsonArray();
            all.forEach(a -> list.add(view(a, v)));
            JsonObject body = new JsonObject().put("instanceActions", list);
            if (limit != null && limit > 0 && all.size() == limit) {
                body.put("links", new JsonArray().add(new JsonObject().put("rel", "next").put("href", base
                        + "/v2.1/servers/" + uuid + "/os-instance-actions?limit=" + limit + "&marker="
                        + all.get(all.size() - 1).requestId())));
            }
            return Reply.ok(body);
        });
    }

    private void show(RoutingContext ctx) {
        AuthContext caller = AuthFilter.of(ctx);
        Microversion v = Microversion.of(ctx);
        blocking.reply(ctx, () -> {
            String uuid = ctx.pathParam("id");
            String project = projectOf(caller, uuid, v);
            NovaPolicy.readerOrAdmin(caller, project, POLICY + "show");
            String request = ctx.pathParam("request");
            InstanceActionEntity action = actions.action(uuid, request)
                    .orElseThrow(() -> ApiException.notFound("Action " + request + " not found"));
            JsonObject o = view(action, v);
            boolean admin = caller.isAdmin();
            if (admin || v.atLeast(51)) {
                JsonArray events = new JsonArray();
                for (InstanceActionEventEntity e : actions.events(action)) {
                    JsonObject event = new JsonObject().put("event", e.event())
                            .put("start_time", NovaTime.micros(e.startTime()))
                            .put("finish_time", NovaTime.micros(e.finishTime())).put("result", e.result());
                    if (admin) {
                        event.put("traceback", e.traceback());
                    }
                    if (admin && v.atLeast(62)) {
                        event.put("host", e.host());
                    }
                    if (v.atLeast(62)) {
                        event.put("hostId", hostId(e.host(), project));
                    }
                    if (admin && v.atLeast(84)) {
                        event.put("details", e.details());
                    }
                    events.add(event);
                }
                o.put("events", events);
            }
            return Reply.ok(new JsonObject().put("instanceAction", o));
        });
    }

    private static JsonObject view(InstanceActionEntity a, Microversion v) {
        JsonObject o = new JsonObject().put("action", a.action()).put("instance_uuid", a.instanceUuid())
                .put("request_id", a.requestId()).put("user_id", a.userId()).put("project_id", a.projectId())
                .put("start_time", NovaTime.micros(a.startTime())).put("message", a.message());
        if (v.atLeast(58)) {
            o.put("updated_at", NovaTime.micros(a.updatedAt()));
        }
        return o;
    }

    /** Nova's hostId: sha224 of project and host; empty without a host. */
    private static String hostId(String host, String project) {
        if (host == null || host.isEmpty()) {
            return "";
        }
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-224")
                    .digest((project + host).getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}

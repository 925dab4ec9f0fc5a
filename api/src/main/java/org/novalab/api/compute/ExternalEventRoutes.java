package org.novalab.api.compute;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.novalab.api.http.Blocking;
import org.novalab.api.http.JsonBody;
import org.novalab.api.http.Reply;
import org.novalab.api.identity.AuthContext;
import org.novalab.api.identity.AuthFilter;
import org.novalab.api.persistence.Database;

/**
 * {@code POST /os-server-external-events} (admin; Nova's service role): events other services send about servers,
 * answered as Nova answers them, each with its code: 200 for a server on a host, 404 for an unknown server, 422 for
 * one on no host, 400 for an event that needs a tag and has none; 207 when not all were taken. The names of the
 * microversion: network ones from 2.1, {@code volume-extended} from 2.51, {@code power-update} from 2.76,
 * {@code accelerator-request-bound} from 2.82. novalab's hosts have no networks, volumes or accelerators to refresh
 * and no bare metal to follow: they act on none of them.
 */
public final class ExternalEventRoutes {
    private static final Set<String> TAG_REQUIRED = Set.of("volume-extended", "power-update",
            "accelerator-request-bound", "volume-reimaged");
    private final Database db;
    private final Blocking blocking;

    public ExternalEventRoutes(Database db, Blocking blocking) {
        this.db = db;
        this.blocking = blocking;
    }

    public void mount(Router router, String v) {
        router.post(v + "/os-server-external-events").handler(this::create);
    }

    private void create(RoutingContext ctx) {
        AuthContext caller = AuthFilter.of(ctx);
        Microversion v = Microversion.of(ctx);
        blocking.reply(ctx, () -> {
            JsonObject body = JsonBody.object(ctx);
            List<JsonObject> events = parse(body, v);
            NovaPolicy.admin(caller, "os_compute_api:os-server-external-events:create");
            int status = 200;
            JsonArray answered = new JsonArray();
            for (JsonObject event : events) {
                JsonObject out = event.copy();
                InstanceEntity server = db.read(s -> s.createSelectionQuery("from InstanceEntity i where i.uuid = :u",
                        InstanceEntity.class).setParameter("u", event.getString("server_uuid")).uniqueResult());
                String host = server == null ? null : server.host();
                if (server == null) {
                    out.put("status", "failed").put("code", 404);
                    status = 207;
                } else if (TAG_REQUIRED.contains(event.getString("name")) && !event.containsKey("tag")) {
                    out.put("status", "failed").put("code", 400);
                    status = 207;
                } else if (host != null) {
                    out.put("status", "completed").put("code", 200);
                } else {
                    out.put("status", "failed").put("code", 422);
                    status = 207;
                }
                answered.add(out);
            }
            return Reply.of(status, new JsonObject().put("events", answered));
        });
    }

    private static List<JsonObject> parse(JsonObject body, Microversion v) {
        NovaSchema.allowOnly(body, Set.of("events"), null);
        NovaSchema.require(body, "events", null);
        JsonArray list = NovaSchema.array(body.getValue("events"), "events");
        if (list.isEmpty()) {
            throw NovaSchema.invalid("events", list, "[] is too short");
        }
        List<String> names = new ArrayList<>(List.of("network-changed", "network-vif-plugged", "network-vif-unplugged",
                "network-vif-deleted"));
        if (v.atLeast(51)) {
            names.add("volume-extended");
        }
        if (v.atLeast(76)) {
            names.add("power-update");
        }
        if (v.atLeast(82)) {
            names.add("accelerator-request-bound");
        }
        List<JsonObject> events = new ArrayList<>();
        for (Object item : list) {
            JsonObject e = NovaSchema.object(item, "events");
            NovaSchema.allowOnly(e, Set.of("name", "server_uuid", "status", "tag"), "events");
            NovaSchema.require(e, "name", "events");
            NovaSchema.require(e, "server_uuid", "events");
            NovaSchema.oneOf(e.getValue("name"), "name", names);
            NovaSchema.uuid(e.getValue("server_uuid"), "server_uuid");
            if (e.containsKey("status")) {
                NovaSchema.oneOf(e.getValue("status"), "status", List.of("failed", "completed", "in-progress"));
            }
            if (e.containsKey("tag")) {
                NovaSchema.string(e.getValue("tag"), "tag", 0, 255);
            }
            events.add(e);
        }
        return events;
    }
}

package org.novalab.api.volume;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.util.LinkedHashMap;
import java.util.Set;
import org.novalab.api.http.ApiException;
import org.novalab.api.http.BaseUrl;
import org.novalab.api.http.Blocking;
import org.novalab.api.http.JsonBody;
import org.novalab.api.http.Reply;
import org.novalab.api.identity.AuthContext;
import org.novalab.api.identity.AuthFilter;

/** Cinder's {@code /snapshots}: create, list (summary and detail), show, update and delete of volume snapshots. */
final class SnapshotRoutes {
    private static final Set<String> LIST_FILTERS = Set.of("all_tenants", "name", "status", "volume_id", "limit",
            "marker", "sort", "sort_key", "sort_dir", "with_count", "project_id");
    private final Snapshots snapshots;
    private final Blocking blocking;

    SnapshotRoutes(Snapshots snapshots, Blocking blocking) {
        this.snapshots = snapshots;
        this.blocking = blocking;
    }

    void mount(Router router, String v3) {
        router.post(v3 + "/snapshots").handler(this::create);
        router.get(v3 + "/snapshots").handler(ctx -> list(ctx, false));
        router.get(v3 + "/snapshots/detail").handler(ctx -> list(ctx, true));
        router.get(v3 + "/snapshots/:id").handler(ctx -> blocking.reply(ctx, () -> Reply.ok(new JsonObject()
                .put("snapshot", detail(ctx, snapshots.show(AuthFilter.of(ctx), ctx.pathParam("id")))))));
        router.put(v3 + "/snapshots/:id").handler(this::update);
        router.delete(v3 + "/snapshots/:id").handler(ctx -> blocking.reply(ctx, () -> {
            snapshots.delete(AuthFilter.requireWriter(ctx), ctx.pathParam("id"));
            return Reply.of(202, null);
        }));
    }

    private void create(RoutingContext ctx) {
        blocking.reply(ctx, () -> {
            AuthContext a = AuthFilter.requireWriter(ctx);
            JsonObject body = JsonBody.requireObject(JsonBody.object(ctx), "snapshot");
            JsonBody.allowOnly(body, Set.of("volume_id", "name", "display_name", "description",
                    "display_description", "force", "metadata"), "snapshot");
            String volumeId = JsonBody.requireString(body, "volume_id", 36);
            Object force = body.getValue("force");
            Boolean forced = force == null ? null : strictBoolean(force);
            String name = VolumeRequests.text(body, body.containsKey("name") ? "name" : "display_name");
            String description = VolumeRequests.text(body, body.containsKey("description") ? "description"
                    : "display_description");
            SnapshotEntity created = snapshots.create(a, new Snapshots.Request(volumeId,
                    name == null ? null : name.strip(), description, forced, VolumeRequests.metadata(body,
                    "metadata")), VolumeMicroversion.of(ctx));
            return Reply.of(202, new JsonObject().put("snapshot", detail(ctx, created)));
        });
    }

    /** Cinder's strict bool_from_string: true/false in the spellings it accepts, anything else a 400. */
    private static boolean strictBoolean(Object value) {
        if (value instanceof Boolean b) {
            return b;
        }
        String text = String.valueOf(value).strip().toLowerCase(java.util.Locale.ROOT);
        if (Set.of("1", "t", "true", "on", "y", "yes").contains(text)) {
            return true;
        }
        if (Set.of("0", "f", "false", "off", "n", "no").contains(text)) {
            return false;
        }
        throw ApiException.badRequest("Invalid input for field/attribute force. Value: " + value + ". " + value
                + " is not of type 'boolean'");
    }

    private void update(RoutingContext ctx) {
        blocking.reply(ctx, () -> {
            AuthContext a = AuthFilter.requireWriter(ctx);
            JsonObject body = JsonBody.requireObject(JsonBody.object(ctx), "snapshot");
            JsonBody.allowOnly(body, Set.of("name", "description", "display_name", "display_description"),
                    "snapshot");
            if (body.isEmpty()) {
                throw ApiException.badRequest("Invalid input for field/attribute snapshot. Value: {}. {} does not "
                        + "have enough properties");
            }
            String name = VolumeRequests.text(body, body.containsKey("name") ? "name" : "display_name");
            String description = VolumeRequests.text(body, body.containsKey("description") ? "description"
                    : "display_description");
            return Reply.ok(new JsonObject().put("snapshot", detail(ctx, snapshots.update(a, ctx.pathParam("id"),
                    name == null ? null : name.strip(), description))));
        });
    }

    private void list(RoutingContext ctx, boolean detail) {
        blocking.reply(ctx, () -> {
            AuthContext a = AuthFilter.of(ctx);
            var params = ctx.queryParams();
            ListQuery query = ListQuery.of(a, params, LIST_FILTERS);
            CinderListing.Page<SnapshotEntity> page = snapshots.list(a, params.get("name"), params.get("status"),
                    params.get("volume_id"), query);
            JsonArray list = new JsonArray();
            page.items().forEach(s -> list.add(detail ? detail(ctx, s) : summary(s)));
            JsonObject body = new JsonObject().put("snapshots", list);
            if (page.more()) {
                query.linkNext(body, "snapshots", BaseUrl.of(ctx) + "/volume/v3/" + a.projectId() + "/snapshots"
                        + (detail ? "/detail" : ""), page.last().id);
            }
            return Reply.ok(body);
        });
    }

    /** Cinder's summary view (the list without detail): the same fields in every microversion. */
    static JsonObject summary(SnapshotEntity s) {
        JsonObject j = new JsonObject().put("id", s.id).put("created_at", VolumeJson.time(s.createdAt))
                .put("updated_at", VolumeJson.time(s.updatedAt)).put("name", s.name)
                .put("description", s.description).put("volume_id", s.volumeId).put("status", s.status)
                .put("size", s.volumeSize)
                .put("metadata", new JsonObject(new LinkedHashMap<String, Object>(s.metadata())));
        if (s.errorReason != null) {
            j.put("novalab:error_reason", s.errorReason);
        }
        return j;
    }

    /** The detail view: the summary, the extended attributes, and each microversion's fields. */
    static JsonObject detail(RoutingContext ctx, SnapshotEntity s) {
        VolumeMicroversion mv = VolumeMicroversion.of(ctx);
        JsonObject j = summary(s)
                .put("os-extended-snapshot-attributes:project_id", s.projectId)
                .put("os-extended-snapshot-attributes:progress", s.status().equals(SnapshotStatus.AVAILABLE)
                        ? "100%" : "0%");
        if (mv.atLeast(14)) {
            j.put("group_snapshot_id", null);
        }
        if (mv.atLeast(41)) {
            j.put("user_id", s.userId);
        }
        if (mv.atLeast(65)) {
            j.put("consumes_quota", true);
        }
        return j;
    }
}

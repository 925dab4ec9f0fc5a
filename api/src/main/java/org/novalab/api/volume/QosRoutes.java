package org.novalab.api.volume;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import org.novalab.api.http.ApiException;
import org.novalab.api.http.BaseUrl;
import org.novalab.api.http.Blocking;
import org.novalab.api.http.JsonBody;
import org.novalab.api.http.Reply;
import org.novalab.api.identity.AuthFilter;

/** Cinder's {@code /qos-specs}: create, list, show, set and delete keys, delete, associate with types (admins). */
final class QosRoutes {
    private final QosSpecs qos;
    private final Blocking blocking;

    QosRoutes(QosSpecs qos, Blocking blocking) {
        this.qos = qos;
        this.blocking = blocking;
    }

    void mount(Router router, String v3) {
        String q = v3 + "/qos-specs";
        router.get(q).handler(ctx -> admin(ctx, () -> {
            JsonArray list = new JsonArray();
            qos.list().forEach(s -> list.add(view(s)));
            return Reply.ok(new JsonObject().put("qos_specs", list));
        }));
        router.post(q).handler(ctx -> admin(ctx, () -> {
            JsonObject body = JsonBody.requireObject(JsonBody.object(ctx), "qos_specs");
            String name = JsonBody.requireString(body, "name", 255).strip();
            String consumer = JsonBody.optionalString(body, "consumer", 16);
            Map<String, String> specs = new LinkedHashMap<>(VolumeRequests.strings(body, "qos_specs"));
            specs.remove("name");
            specs.remove("consumer");
            return Reply.ok(shown(ctx, qos.create(name, consumer, specs)));
        }));
        router.get(q + "/:id").handler(ctx -> admin(ctx, () -> Reply.ok(shown(ctx, qos.get(ctx.pathParam("id"))))));
        router.put(q + "/:id").handler(ctx -> admin(ctx, () -> {
            Map<String, String> given = VolumeRequests.strings(JsonBody.requireObject(JsonBody.object(ctx),
                    "qos_specs"), "qos_specs");
            Map<String, String> set = qos.set(ctx.pathParam("id"), given);
            return Reply.ok(new JsonObject().put("qos_specs", new JsonObject(new LinkedHashMap<String, Object>(set))));
        }));
        router.put(q + "/:id/delete_keys").handler(ctx -> admin(ctx, () -> {
            JsonArray keys = JsonBody.optionalArray(JsonBody.object(ctx), "keys");
            if (keys == null || keys.isEmpty()) {
                throw ApiException.badRequest("Invalid input received: 'keys' must be a list of QoS spec keys");
            }
            List<String> names = new ArrayList<>();
            keys.forEach(k -> {
                if (!(k instanceof String s)) {
                    throw ApiException.badRequest("Invalid input received: 'keys' must be a list of strings");
                }
                names.add(s);
            });
            qos.deleteKeys(ctx.pathParam("id"), names);
            return Reply.of(202, null);
        }));
        router.delete(q + "/:id").handler(ctx -> admin(ctx, () -> {
            String force = ctx.queryParams().get("force");
            qos.delete(ctx.pathParam("id"), force != null && Set.of("true", "True", "1").contains(force));
            return Reply.of(202, null);
        }));
        router.get(q + "/:id/associations").handler(ctx -> admin(ctx, () -> {
            JsonArray list = new JsonArray();
            qos.associations(ctx.pathParam("id")).forEach(t -> list.add(new JsonObject()
                    .put("association_type", "volume_type").put("name", t.name).put("id", t.id)));
            return Reply.ok(new JsonObject().put("qos_associations", list));
        }));
        router.get(q + "/:id/associate").handler(ctx -> admin(ctx, () -> {
            qos.associate(ctx.pathParam("id"), ctx.queryParams().get("vol_type_id"));
            return Reply.of(202, null);
        }));
        router.get(q + "/:id/disassociate").handler(ctx -> admin(ctx, () -> {
            qos.disassociate(ctx.pathParam("id"), ctx.queryParams().get("vol_type_id"));
            return Reply.of(202, null);
        }));
        router.get(q + "/:id/disassociate_all").handler(ctx -> admin(ctx, () -> {
            qos.disassociateAll(ctx.pathParam("id"));
            return Reply.of(202, null);
        }));
    }

    private static JsonObject view(QosSpecsEntity s) {
        return new JsonObject().put("id", s.id).put("name", s.name).put("consumer", s.consumer)
                .put("specs", new JsonObject(new LinkedHashMap<String, Object>(s.specs())));
    }

    private static JsonObject shown(RoutingContext ctx, QosSpecsEntity s) {
        String project = ctx.pathParam("project_id");
        String base = BaseUrl.of(ctx);
        return new JsonObject().put("qos_specs", view(s)).put("links", new JsonArray()
                .add(new JsonObject().put("href", base + "/volume/v3/" + project + "/qos-specs/" + s.id)
                        .put("rel", "self"))
                .add(new JsonObject().put("href", base + "/volume/" + project + "/qos-specs/" + s.id)
                        .put("rel", "bookmark")));
    }

    private void admin(RoutingContext ctx, Callable<Reply> work) {
        blocking.reply(ctx, () -> {
            if (!AuthFilter.of(ctx).isAdmin()) {
                throw ApiException.forbidden("Policy doesn't allow volume_extension:qos_specs_manage:get_all to be "
                        + "performed.");
            }
            return work.call();
        });
    }
}

package org.novalab.api.volume;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.util.List;
import org.novalab.api.http.ApiException;
import org.novalab.api.http.Blocking;
import org.novalab.api.http.Reply;
import org.novalab.api.identity.AuthContext;
import org.novalab.api.identity.AuthFilter;

/**
 * Cinder's attachments API (3.27), read only: {@code GET /attachments}, {@code /attachments/detail},
 * {@code /attachments/{id}} ({@code openstack volume attachment list/show}). Attachments are made and removed by
 * Nova's attach and detach, which reach Cinder in-process; creating, updating, completing or deleting one through
 * this API is not served (405 from the router).
 */
final class AttachmentRoutes {
    private final VolumeAttachments attachments;
    private final Blocking blocking;

    AttachmentRoutes(VolumeAttachments attachments, Blocking blocking) {
        this.attachments = attachments;
        this.blocking = blocking;
    }

    void mount(Router router, String v3) {
        router.get(v3 + "/attachments").handler(ctx -> list(ctx, false));
        router.get(v3 + "/attachments/detail").handler(ctx -> list(ctx, true));
        router.get(v3 + "/attachments/:id").handler(ctx -> blocking.reply(ctx, () -> {
            requireVersion(ctx);
            AuthContext a = AuthFilter.of(ctx);
            VolumeAttachment found = attachments.visible(a).stream().filter(x -> x.id().equals(ctx.pathParam("id")))
                    .findFirst().orElseThrow(() -> ApiException.notFound("VolumeAttachment " + ctx.pathParam("id")
                            + " could not be found."));
            return Reply.ok(new JsonObject().put("attachment", detail(found)));
        }));
    }

    private void list(RoutingContext ctx, boolean detail) {
        blocking.reply(ctx, () -> {
            requireVersion(ctx);
            List<VolumeAttachment> all = attachments.visible(AuthFilter.of(ctx));
            JsonArray list = new JsonArray();
            all.forEach(a -> list.add(detail ? detail(a) : summary(a)));
            return Reply.ok(new JsonObject().put("attachments", list));
        });
    }

    /** Cinder: the attachments API exists from 3.27; below it, there is no such resource. */
    private static void requireVersion(RoutingContext ctx) {
        if (!VolumeMicroversion.of(ctx).atLeast(27)) {
            throw ApiException.notFound("The resource could not be found.");
        }
    }

    private static JsonObject summary(VolumeAttachment a) {
        return new JsonObject().put("id", a.id()).put("status", a.status()).put("instance", a.instanceUuid())
                .put("volume_id", a.volumeId());
    }

    private static JsonObject detail(VolumeAttachment a) {
        // no connection_info: the volume's key id and location are for the compute host, not an API answer
        return summary(a).put("attached_at", VolumeJson.time(a.attachedAt())).put("detached_at", null)
                .put("attach_mode", "rw").put("connection_info", new JsonObject()).put("connector", new JsonObject());
    }
}

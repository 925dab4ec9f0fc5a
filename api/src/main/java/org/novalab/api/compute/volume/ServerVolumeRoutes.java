package org.novalab.api.compute.volume;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;
import org.novalab.api.compute.Microversion;
import org.novalab.api.http.ApiException;
import org.novalab.api.http.Blocking;
import org.novalab.api.http.JsonBody;
import org.novalab.api.http.Reply;
import org.novalab.api.http.RequestId;
import org.novalab.api.identity.AuthContext;
import org.novalab.api.identity.AuthFilter;
import org.novalab.api.volume.VolumeAttachment;

/**
 * Nova's {@code /servers/{id}/os-volume_attachments}: list, attach, show and detach, with the fields of each
 * microversion ({@code tag} from 2.70, {@code delete_on_termination} from 2.79, {@code attachment_id} and
 * {@code bdm_uuid} instead of {@code id} from 2.89). Mounted after the compute routes, whose handler has
 * negotiated the microversion and checked the token.
 */
public final class ServerVolumeRoutes {
    private static final String BASE = "/v2.1/servers/:id/os-volume_attachments";
    private static final Pattern UUID_TEXT = Pattern.compile(
            "[0-9a-fA-F]{8}-?[0-9a-fA-F]{4}-?[0-9a-fA-F]{4}-?[0-9a-fA-F]{4}-?[0-9a-fA-F]{12}");
    /** Nova's tag: at most 60 characters, no comma and no slash. */
    private static final Pattern TAG = Pattern.compile("[^,/]{1,60}");
    private static final Pattern DEVICE = Pattern.compile("(/dev/)?[a-z]+");
    private final ServerVolumes volumes;
    private final Blocking blocking;

    public ServerVolumeRoutes(ServerVolumes volumes, Blocking blocking) {
        this.volumes = volumes;
        this.blocking = blocking;
    }

    public void mount(Router router) {
        router.get(BASE).handler(this::list);
        router.post(BASE).handler(this::attach);
        router.get(BASE + "/:volume").handler(this::show);
        router.delete(BASE + "/:volume").handler(this::detach);
        router.put(BASE + "/:volume").handler(ctx -> blocking.reply(ctx, () -> {
            throw ApiException.badRequest("novalab does not swap or update attached volumes (Nova's "
                    + "swap_volume and 2.85's delete_on_termination update are not implemented)");
        }));
    }

    private void list(RoutingContext ctx) {
        AuthContext caller = AuthFilter.of(ctx);
        Microversion v = Microversion.of(ctx);
        blocking.reply(ctx, () -> {
            List<VolumeAttachment> all = volumes.list(caller, ctx.pathParam("id"));
            int offset = nonNegative(ctx, "offset", 0);
            int limit = nonNegative(ctx, "limit", Integer.MAX_VALUE);
            JsonArray list = new JsonArray();
            all.stream().skip(offset).limit(limit).forEach(a -> list.add(view(a, v)));
            return Reply.ok(new JsonObject().put("volumeAttachments", list));
        });
    }

    private void show(RoutingContext ctx) {
        AuthContext caller = AuthFilter.of(ctx);
        Microversion v = Microversion.of(ctx);
        blocking.reply(ctx, () -> Reply.ok(new JsonObject().put("volumeAttachment",
                view(volumes.show(caller, ctx.pathParam("id"), ctx.pathParam("volume")), v))));
    }

    private void attach(RoutingContext ctx) {
        AuthContext caller = AuthFilter.of(ctx);
        Microversion v = Microversion.of(ctx);
        String requestId = RequestId.of(ctx);
        blocking.reply(ctx, () -> {
            VolumeAttachment a = volumes.attach(caller, ctx.pathParam("id"), request(JsonBody.object(ctx), v),
                    requestId);
            return Reply.ok(new JsonObject().put("volumeAttachment", view(a, v)));
        });
    }

    private void detach(RoutingContext ctx) {
        AuthContext caller = AuthFilter.of(ctx);
        String requestId = RequestId.of(ctx);
        blocking.reply(ctx, () -> {
            volumes.detach(caller, ctx.pathParam("id"), ctx.pathParam("volume"), requestId);
            return Reply.of(202, null);
        });
    }

    /** Nova's schema for the microversion: {@code tag} from 2.49, {@code delete_on_termination} from 2.79. */
    static ServerVolumes.AttachRequest request(JsonObject body, Microversion v) {
        JsonBody.allowOnly(body, Set.of("volumeAttachment"), "body");
        JsonObject a = JsonBody.requireObject(body, "volumeAttachment");
        Set<String> allowed = new HashSet<>(Set.of("volumeId", "device"));
        if (v.atLeast(49)) {
            allowed.add("tag");
        }
        if (v.atLeast(79)) {
            allowed.add("delete_on_termination");
        }
        JsonBody.allowOnly(a, allowed, "volumeAttachment");
        String volumeId = JsonBody.requireString(a, "volumeId");
        if (!UUID_TEXT.matcher(volumeId).matches()) {
            throw ApiException.badRequest("Invalid input for field/attribute volumeId. Value: " + volumeId + ". '"
                    + volumeId + "' is not a 'uuid'");
        }
        String device = a.getValue("device") == null ? null : JsonBody.requireString(a, "device");
        if (device != null && !DEVICE.matcher(device).matches()) {
            throw ApiException.badRequest("Invalid input for field/attribute device. Value: " + device + ". '"
                    + device + "' does not match '(^/dev/x{0,1}[a-z]{0,1}d{0,1})([a-z]+)[0-9]*$'");
        }
        String tag = a.getValue("tag") == null ? null : JsonBody.requireString(a, "tag");
        if (tag != null && !TAG.matcher(tag).matches()) {
            throw ApiException.badRequest("Invalid input for field/attribute tag. Value: " + tag
                    + ". A tag is at most 60 characters without ',' or '/'");
        }
        boolean deleteOnTermination = JsonBody.optionalBoolean(a, "delete_on_termination", false);
        return new ServerVolumes.AttachRequest(volumeId, device, tag, deleteOnTermination);
    }

    static JsonObject view(VolumeAttachment a, Microversion v) {
        JsonObject j = new JsonObject().put("device", a.device()).put("serverId", a.instanceUuid())
                .put("volumeId", a.volumeId());
        if (!v.atLeast(89)) {
            j.put("id", a.volumeId());
        }
        if (v.atLeast(70)) {
            j.put("tag", a.tag());
        }
        if (v.atLeast(79)) {
            j.put("delete_on_termination", a.deleteOnTermination());
        }
        if (v.atLeast(89)) {
            j.put("attachment_id", a.id()).put("bdm_uuid", a.bdmUuid());
        }
        return j;
    }

    private static int nonNegative(RoutingContext ctx, String name, int fallback) {
        String text = ctx.queryParams().get(name);
        if (text == null) {
            return fallback;
        }
        if (!text.matches("\\d{1,9}")) {
            throw ApiException.badRequest("Invalid input for query parameters " + name + ". Value: " + text
                    + ". '" + text + "' does not match '^[0-9]*$'");
        }
        return Integer.parseInt(text);
    }
}

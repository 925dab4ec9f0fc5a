package org.novalab.api.image;

import io.vertx.core.json.DecodeException;
import io.vertx.core.json.Json;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import org.novalab.api.http.ApiException;
import org.novalab.api.http.Blocking;
import org.novalab.api.http.Reply;
import org.novalab.api.identity.AuthContext;
import org.novalab.api.identity.AuthFilter;
import org.novalab.image.ImageMember;
import org.novalab.image.ImageRecord;
import org.novalab.image.ImageSharing;

/**
 * Glance's image members ({@code /v2/images/{id}/members}) with its default policy: the image's project (or an
 * admin) adds and removes members and sees them all; a member project sees and answers its own membership
 * (accepted, rejected, or pending again), and nobody else may answer for it. Only {@code shared} images have
 * members. Glance answers an add and an answer with 200 and the member.
 */
final class MemberRoutes {
    private final ImageAccess access;
    private final ImageSharing sharing;
    private final Blocking blocking;

    MemberRoutes(ImageAccess access, Blocking blocking) {
        this.access = access;
        this.sharing = access.store().sharing();
        this.blocking = blocking;
    }

    void mount(Router router, String v2) {
        router.post(v2 + "/images/:id/members").handler(this::add);
        router.get(v2 + "/images/:id/members").handler(this::list);
        router.get(v2 + "/images/:id/members/:member").handler(this::show);
        router.put(v2 + "/images/:id/members/:member").handler(this::answer);
        router.delete(v2 + "/images/:id/members/:member").handler(this::remove);
        router.get(v2 + "/schemas/member").handler(ctx -> Blocking.send(ctx, Reply.ok(Schemas.member())));
        router.get(v2 + "/schemas/members").handler(ctx -> Blocking.send(ctx, Reply.ok(Schemas.members())));
    }

    private void add(RoutingContext ctx) {
        AuthContext caller = AuthFilter.requireWriter(ctx);
        blocking.reply(ctx, () -> {
            String id = ctx.pathParam("id");
            ImageRecord image = lookup(caller, id);
            JsonObject body = body(ctx);
            if (!body.containsKey("member")) {
                throw ApiException.badRequest("Member to be added not specified");
            }
            if (!(body.getValue("member") instanceof String member)) {
                throw ApiException.badRequest("Expected a member in the form: {\"member\": \"image_id\"}");
            }
            if (member.isEmpty()) {
                throw ApiException.badRequest("Member can't be empty");
            }
            if (!shared(image) || !ImageAccess.owns(caller, image)) {
                throw ApiException.forbidden("Not allowed to create members for image " + id + ".");
            }
            return Reply.ok(view(ImageAccess.glance(() -> sharing.add(image, member))));
        });
    }

    private void list(RoutingContext ctx) {
        AuthContext caller = AuthFilter.of(ctx);
        blocking.reply(ctx, () -> {
            String id = ctx.pathParam("id");
            ImageRecord image = lookup(caller, id);
            if (!shared(image)) {
                throw ApiException.forbidden("Not allowed to list members for image " + id
                        + ": Only shared images have members.");
            }
            JsonArray members = new JsonArray();
            sharing.members(id).stream().filter(m -> mayRead(caller, image, m)).forEach(m -> members.add(view(m)));
            return Reply.ok(new JsonObject().put("members", members).put("schema", "/v2/schemas/members"));
        });
    }

    /** Glance answers 404 rather than 403 here, so that nobody learns of a membership that is not theirs. */
    private void show(RoutingContext ctx) {
        AuthContext caller = AuthFilter.of(ctx);
        blocking.reply(ctx, () -> {
            String id = ctx.pathParam("id");
            ImageRecord image = lookup(caller, id);
            if (!shared(image)) {
                throw ApiException.notFound("Only shared images have members.");
            }
            ImageMember member = member(image, ctx.pathParam("member"));
            if (!mayRead(caller, image, member)) {
                throw ApiException.notFound("You are not authorized to lookup the members of the image " + id + ".");
            }
            return Reply.ok(view(member));
        });
    }

    private void answer(RoutingContext ctx) {
        AuthContext caller = AuthFilter.requireWriter(ctx);
        blocking.reply(ctx, () -> {
            String id = ctx.pathParam("id");
            String memberId = ctx.pathParam("member");
            ImageRecord image = lookup(caller, id);
            JsonObject body = body(ctx);
            if (!body.containsKey("status")) {
                throw ApiException.badRequest("Status not specified");
            }
            if (!shared(image)) {
                throw ApiException.forbidden("Not allowed to update members for image " + id + ".");
            }
            ImageMember member = member(image, memberId);
            if (!mayRead(caller, image, member)) {
                throw ApiException.forbidden("You are not authorized to lookup the members of the image " + id + ".");
            }
            if (!caller.isAdmin() && !memberId.equals(caller.projectId())) {
                throw ApiException.forbidden("Not allowed to update members for image " + id + ".");
            }
            if (!(body.getValue("status") instanceof String status)) {
                throw ApiException.badRequest("Incorrect request: Status must be \"pending\", \"accepted\" or "
                        + "\"rejected\".");
            }
            return Reply.ok(view(ImageAccess.glance(() -> sharing.answer(image, memberId, status))));
        });
    }

    private void remove(RoutingContext ctx) {
        AuthContext caller = AuthFilter.requireWriter(ctx);
        blocking.reply(ctx, () -> {
            String id = ctx.pathParam("id");
            ImageRecord image = lookup(caller, id);
            if (!shared(image)) {
                throw ApiException.forbidden("Not allowed to delete members for image " + id + ".");
            }
            ImageMember member = member(image, ctx.pathParam("member"));
            if (!mayRead(caller, image, member)) {
                throw ApiException.forbidden("You are not authorized to lookup the members of the image " + id + ".");
            }
            if (!ImageAccess.owns(caller, image)) {
                throw ApiException.forbidden("Not allowed to delete members for image " + id + ".");
            }
            return ImageAccess.glance(() -> {
                sharing.remove(image, member.memberId());
                return Reply.noContent();
            });
        });
    }

    private ImageRecord lookup(AuthContext caller, String id) {
        return access.store().find(id).filter(i -> access.visible(caller, i))
                .orElseThrow(() -> ApiException.notFound("Image " + id + " not found."));
    }

    private ImageMember member(ImageRecord image, String memberId) {
        return sharing.find(image.id(), memberId).orElseThrow(() -> ApiException.notFound(memberId
                + " not found in the member list of the image " + image.id() + "."));
    }

    /** Glance's get_member: the image's project and admins read every member, a member project its own. */
    private static boolean mayRead(AuthContext caller, ImageRecord image, ImageMember member) {
        return ImageAccess.owns(caller, image) || member.memberId().equals(caller.projectId());
    }

    private static boolean shared(ImageRecord image) {
        return "shared".equals(image.visibility());
    }

    private static JsonObject body(RoutingContext ctx) {
        String text = ctx.body() == null ? null : ctx.body().asString();
        if (text == null || text.isEmpty()) {
            throw ApiException.badRequest("Body expected in request.");
        }
        Object parsed;
        try {
            parsed = Json.decodeValue(text);
        } catch (DecodeException e) {
            throw ApiException.badRequest("Malformed JSON in request body.");
        }
        if (!(parsed instanceof JsonObject object)) {
            throw ApiException.badRequest("Expected a JSON object in the request body.");
        }
        return object;
    }

    static JsonObject view(ImageMember m) {
        return new JsonObject().put("member_id", m.memberId()).put("image_id", m.imageId())
                .put("status", m.status().glanceName()).put("created_at", ImageView.time(m.createdAt()))
                .put("updated_at", ImageView.time(m.updatedAt())).put("schema", "/v2/schemas/member");
    }
}

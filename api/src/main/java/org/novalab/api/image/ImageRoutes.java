package org.novalab.api.image;

import io.vertx.core.Context;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.novalab.api.http.ApiException;
import org.novalab.api.http.Blocking;
import org.novalab.api.http.BodyPipe;
import org.novalab.api.http.ErrorMapper;
import org.novalab.api.http.JsonBody;
import org.novalab.api.http.Reply;
import org.novalab.api.identity.AuthContext;
import org.novalab.api.identity.AuthFilter;
import org.novalab.image.ImagePatch;
import org.novalab.image.ImageRecord;
import org.novalab.image.ImageService;
import org.novalab.image.ImageStatus;
import org.novalab.image.NewImage;

/**
 * Glance v2 over imagecache's {@link ImageService}: who may see and change what (projects, roles, visibility),
 * streamed upload and download, JSON-patch updates, schemas. The service validates values and keeps the pool.
 */
public final class ImageRoutes {
    private static final Set<String> READ_ONLY = Set.of("status", "size", "virtual_size", "checksum", "os_hash_algo",
            "os_hash_value", "created_at", "updated_at", "self", "file", "schema", "direct_url", "locations", "owner");
    private static final int PIPE_BYTES = 4 << 20;
    private static final int CHUNK = 256 << 10;
    /** A patch may not change the id either (a create may choose it). */
    private static final Set<String> PATCH_READ_ONLY = Stream.concat(READ_ONLY.stream(), Stream.of("id"))
            .collect(Collectors.toUnmodifiableSet());

    private final Vertx vertx;
    private final ImageService store;
    private final Blocking blocking;
    private final JsonPatchReader patches = new JsonPatchReader(PATCH_READ_ONLY);

    public ImageRoutes(Vertx vertx, ImageService store, Blocking blocking) {
        this.vertx = vertx;
        this.store = store;
        this.blocking = blocking;
    }

    /** Mounts the routes under {@code prefix + "/v2"}; the upload route must not sit behind a BodyHandler. */
    public void mount(Router router, String prefix) {
        String v2 = prefix + "/v2";
        router.post(v2 + "/images").handler(this::create);
        router.get(v2 + "/images").handler(this::list);
        router.get(v2 + "/images/:id").handler(this::show);
        router.patch(v2 + "/images/:id").handler(this::patch);
        router.delete(v2 + "/images/:id").handler(this::delete);
        router.put(v2 + "/images/:id/file").handler(this::upload);
        router.get(v2 + "/images/:id/file").handler(this::download);
        router.get(v2 + "/schemas/image").handler(ctx -> Blocking.send(ctx, Reply.ok(Schemas.image())));
        router.get(v2 + "/schemas/images").handler(ctx -> Blocking.send(ctx, Reply.ok(Schemas.images())));
    }

    /** Glance's version document for the image endpoint ({@code /image}). */
    public static JsonObject versions(String imageBase) {
        JsonArray list = new JsonArray();
        for (String v : new String[] {"v2.9", "v2.8", "v2.7", "v2.6", "v2.5", "v2.4", "v2.3", "v2.2", "v2.1", "v2.0"}) {
            list.add(new JsonObject().put("id", v).put("status", v.equals("v2.9") ? "CURRENT" : "SUPPORTED")
                    .put("links", new JsonArray().add(new JsonObject().put("rel", "self").put("href", imageBase + "/v2/"))));
        }
        return new JsonObject().put("versions", list);
    }

    private void create(RoutingContext ctx) {
        AuthContext caller = AuthFilter.requireWriter(ctx);
        blocking.reply(ctx, () -> {
            JsonObject body = JsonBody.object(ctx);
            for (String field : body.fieldNames()) {
                if (READ_ONLY.contains(field)) {
                    throw ApiException.forbidden("Attribute '" + field + "' is read-only.");
                }
            }
            String visibility = JsonBody.optionalString(body, "visibility");
            checkVisibility(caller, visibility);
            Map<String, String> properties = new HashMap<>();
            Set<String> core = Set.of("id", "name", "visibility", "disk_format", "container_format", "min_disk",
                    "min_ram", "protected", "tags", "os_hidden");
            for (String field : body.fieldNames()) {
                if (!core.contains(field)) {
                    properties.put(field, propertyValue(body, field));
                }
            }
            ImageRecord created = store.create(new NewImage(JsonBody.optionalString(body, "id"),
                    JsonBody.optionalString(body, "name"), JsonBody.optionalString(body, "disk_format"),
                    JsonBody.optionalString(body, "container_format"), JsonBody.optionalInt(body, "min_disk"),
                    JsonBody.optionalInt(body, "min_ram"), visibility,
                    JsonBody.optionalBoolean(body, "protected", false), caller.projectId(), properties));
            return Reply.of(201, ImageView.of(created)).withHeader("Location", "/v2/images/" + created.id());
        });
    }

    private void list(RoutingContext ctx) {
        AuthContext caller = AuthFilter.of(ctx);
        blocking.reply(ctx, () -> {
            String name = ctx.queryParams().get("name");
            String visibility = ctx.queryParams().get("visibility");
            String status = ctx.queryParams().get("status");
            String marker = ctx.queryParams().get("marker");
            int limit = limit(ctx.queryParams().get("limit"));
            List<ImageRecord> visible = store.list().stream().filter(i -> visible(caller, i))
                    .filter(i -> name == null || name.equals(i.name()))
                    .filter(i -> visibility == null || visibility.equals(i.visibility()))
                    .filter(i -> status == null || status.equals(i.status().glanceName()))
                    .sorted(Comparator.comparing(ImageRecord::createdAt).reversed().thenComparing(ImageRecord::id,
                            Comparator.reverseOrder()))
                    .toList();
            int start = 0;
            if (marker != null) {
                start = -1;
                for (int k = 0; k < visible.size(); k++) {
                    if (visible.get(k).id().equals(marker)) {
                        start = k + 1;
                    }
                }
                if (start < 0) {
                    throw ApiException.badRequest("Invalid marker. Image " + marker + " could not be found.");
                }
            }
            List<ImageRecord> page = visible.subList(start, Math.min(visible.size(), start + limit));
            JsonArray images = new JsonArray();
            page.forEach(i -> images.add(ImageView.of(i)));
            JsonObject body = new JsonObject().put("images", images).put("first", "/v2/images")
                    .put("schema", "/v2/schemas/images");
            if (start + limit < visible.size() && !page.isEmpty()) {
                body.put("next", "/v2/images?marker=" + page.get(page.size() - 1).id() + "&limit=" + limit);
            }
            return Reply.ok(body);
        });
    }

    private void show(RoutingContext ctx) {
        AuthContext caller = AuthFilter.of(ctx);
        blocking.reply(ctx, () -> Reply.ok(ImageView.of(visibleImage(caller, ctx.pathParam("id")))));
    }

    private void delete(RoutingContext ctx) {
        AuthContext caller = AuthFilter.requireWriter(ctx);
        blocking.reply(ctx, () -> {
            ImageRecord image = ownedImage(caller, ctx.pathParam("id"));
            if (image.isProtected()) {
                throw ApiException.forbidden("Image " + image.id() + " is protected and cannot be deleted.");
            }
            store.delete(image.id());
            return Reply.noContent();
        });
    }

    private void patch(RoutingContext ctx) {
        AuthContext caller = AuthFilter.requireWriter(ctx);
        boolean draft4;
        try {
            draft4 = JsonPatchReader.isDraft4(ctx.request().getHeader("Content-Type"));
        } catch (ApiException e) {
            ctx.response().putHeader("Accept-Patch", JsonPatchReader.ACCEPTED);
            throw e;
        }
        blocking.reply(ctx, () -> {
            ImageRecord image = ownedImage(caller, ctx.pathParam("id"));
            List<ImagePatch> changes = patches.read(ctx.body() == null ? null : ctx.body().asString(), draft4);
            for (ImagePatch change : changes) {
                if (change.path().equals("/visibility") && change.value() instanceof String v) {
                    checkVisibility(caller, v);
                }
            }
            return Reply.ok(ImageView.of(store.update(image.id(), changes)));
        });
    }

    private void upload(RoutingContext ctx) {
        ctx.request().pause();
        AuthContext caller = AuthFilter.requireWriter(ctx);
        String type = ctx.request().getHeader("Content-Type");
        if (type != null && !type.startsWith("application/octet-stream")) {
            throw new ApiException(415, "Unsupported Content-Type " + type + ": upload image data as application/octet-stream");
        }
        String id = ctx.pathParam("id");
        Context context = vertx.getOrCreateContext();
        BodyPipe pipe = new BodyPipe(context, PIPE_BYTES);
        vertx.executeBlocking(() -> {
            ImageRecord image = ownedImage(caller, id);
            if (image.status() != ImageStatus.QUEUED) {
                throw ApiException.conflict("Image status transition from " + image.status().glanceName()
                        + " to saving is not allowed");
            }
            return image;
        }, false).onComplete(checked -> {
            if (checked.failed()) {
                ErrorMapper.respond(ctx, checked.cause());
                return;
            }
            ctx.request().pipeTo(pipe).onFailure(pipe::fail);
            vertx.executeBlocking(() -> {
                try (pipe) {
                    store.upload(id, pipe);
                }
                return Reply.noContent();
            }, false).onComplete(done -> {
                if (done.failed()) {
                    pipe.fail(done.cause());
                    ErrorMapper.respond(ctx, done.cause());
                } else {
                    Blocking.send(ctx, done.result());
                }
            });
        });
    }

    private void download(RoutingContext ctx) {
        AuthContext caller = AuthFilter.of(ctx);
        HttpServerResponse response = ctx.response();
        vertx.executeBlocking(() -> {
            ImageRecord image = visibleImage(caller, ctx.pathParam("id"));
            if (image.status() != ImageStatus.ACTIVE) {
                return Boolean.FALSE;
            }
            try (InputStream in = store.download(image.id())) {
                response.putHeader("Content-Type", "application/octet-stream");
                if (image.checksum() != null) {
                    response.putHeader("Content-MD5", image.checksum());
                }
                if (image.size() != null) {
                    response.putHeader("Content-Length", Long.toString(image.size()));
                } else {
                    response.setChunked(true);
                }
                new DownloadStream(in, response).run();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            return Boolean.TRUE;
        }, false).onComplete(done -> {
            if (done.failed()) {
                ErrorMapper.respond(ctx, done.cause());
            } else if (!done.result()) {
                response.setStatusCode(204).end();
            }
        });
    }

    private ImageRecord visibleImage(AuthContext caller, String id) {
        return store.find(id).filter(i -> visible(caller, i))
                .orElseThrow(() -> ApiException.notFound("No image found with ID " + id));
    }

    private ImageRecord ownedImage(AuthContext caller, String id) {
        ImageRecord image = visibleImage(caller, id);
        if (!caller.isAdmin() && !caller.projectId().equals(image.owner())) {
            throw ApiException.forbidden("You are not permitted to modify image " + id + ": it belongs to another project.");
        }
        return image;
    }

    /** Admins see everything; others their project's images and the public and community ones. */
    private static boolean visible(AuthContext caller, ImageRecord image) {
        return image.visibleTo(caller.projectId(), caller.isAdmin());
    }

    private static void checkVisibility(AuthContext caller, String visibility) {
        if ("public".equals(visibility) && !caller.isAdmin()) {
            throw ApiException.forbidden("You are not authorized to complete publicize_image action.");
        }
    }


    private static String propertyValue(JsonObject body, String field) {
        Object value = body.getValue(field);
        if (!(value instanceof String s)) {
            throw ApiException.badRequest("Invalid value for extra property '" + field + "': must be a string");
        }
        return s;
    }


    private static int limit(String text) {
        if (text == null) {
            return 25;
        }
        try {
            int value = Integer.parseInt(text);
            if (value < 0) {
                throw ApiException.badRequest("limit param must be positive");
            }
            return Math.min(value, 1000);
        } catch (NumberFormatException e) {
            throw ApiException.badRequest("limit param must be an integer");
        }
    }



}

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
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.function.BiConsumer;
import org.novalab.api.http.ApiException;
import org.novalab.api.http.Blocking;
import org.novalab.api.http.BodyPipe;
import org.novalab.api.http.ErrorMapper;
import org.novalab.api.http.JsonBody;
import org.novalab.api.http.Reply;
import org.novalab.api.identity.AuthContext;
import org.novalab.api.identity.AuthFilter;
import org.novalab.image.ImageRecord;
import org.novalab.image.ImageService;
import org.novalab.image.ImageStatus;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * An image's data: the upload ({@code PUT /file}) and the glance-direct stage ({@code PUT /stage}) streamed into
 * the image service, never buffered; the download; the import of staged data and the import discovery calls.
 */
final class ImageDataRoutes {
    static final List<String> IMPORT_METHODS = List.of("glance-direct");
    private static final Logger LOG = LoggerFactory.getLogger(ImageDataRoutes.class);
    private static final int PIPE_BYTES = 4 << 20;

    private final Vertx vertx;
    private final ImageService store;
    private final ImageAccess access;
    private final Blocking blocking;

    ImageDataRoutes(Vertx vertx, ImageAccess access, Blocking blocking) {
        this.vertx = vertx;
        this.store = access.store();
        this.access = access;
        this.blocking = blocking;
    }

    /** The upload and stage routes must not sit behind a BodyHandler. */
    void mount(Router router, String v2) {
        router.put(v2 + "/images/:id/file").handler(ctx -> stream(ctx, ImageStatus.QUEUED, store::upload));
        router.get(v2 + "/images/:id/file").handler(this::download);
        router.put(v2 + "/images/:id/stage").handler(ctx -> stream(ctx, ImageStatus.QUEUED, store::stage));
        router.post(v2 + "/images/:id/import").handler(this::importImage);
        router.get(v2 + "/info/import").handler(ctx -> Blocking.send(ctx, Reply.ok(importInfo())));
        router.get(v2 + "/info/stores").handler(ctx -> {
            throw ApiException.notFound("Multi backend is not supported at this site.");
        });
    }

    private static JsonObject importInfo() {
        return new JsonObject().put("import-methods", new JsonObject().put("description", "Import methods available.")
                .put("type", "array").put("value", new JsonArray(new ArrayList<>(IMPORT_METHODS))));
    }

    /**
     * {@code POST /v2/images/{id}/import}: checked and answered 202 at once, the image {@code importing}; the data
     * then moves from the staging area into the store on a worker, and the image becomes active (or queued again).
     */
    private void importImage(RoutingContext ctx) {
        AuthContext caller = AuthFilter.requireWriter(ctx);
        blocking.reply(ctx, () -> {
            String id = ctx.pathParam("id");
            JsonObject body = ctx.body() == null || ctx.body().length() == 0 ? null : JsonBody.object(ctx);
            if (body == null) {
                throw ApiException.badRequest("Body expected in request.");
            }
            if (!(body.getValue("method") instanceof JsonObject method)) {
                throw ApiException.badRequest("Import request requires a 'method' field.");
            }
            if (!method.containsKey("name")) {
                throw ApiException.badRequest("Import request requires a 'name' field.");
            }
            Object name = method.getValue("name");
            if (!IMPORT_METHODS.contains(name)) {
                throw ApiException.badRequest("Unknown import method name '" + name + "'.");
            }
            for (String flag : List.of("all_stores_must_succeed", "all_stores")) {
                if (body.containsKey(flag) && !(body.getValue(flag) instanceof Boolean)) {
                    throw ApiException.badRequest("'" + flag + "' must be boolean value only");
                }
            }
            ImageRecord image = access.owned(caller, id);
            store.startImport(image.id());
            vertx.executeBlocking(() -> store.completeImport(image.id()), false)
                    .onFailure(e -> LOG.warn("import of image {} failed: {}", image.id(), e.toString()));
            return Reply.of(202, null);
        });
    }

    /**
     * Streams a request body into the image service (upload or stage) on a worker: the caller must own the image,
     * which must be in {@code expected} status, before a byte is read.
     */
    private void stream(RoutingContext ctx, ImageStatus expected, BiConsumer<String, InputStream> consume) {
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
            ImageRecord image = access.owned(caller, id);
            if (image.status() != expected) {
                throw ApiException.conflict("Image status transition from " + image.status().glanceName()
                        + " to " + (ctx.normalizedPath().endsWith("/stage") ? "uploading" : "saving")
                        + " is not allowed");
            }
            return image;
        }, false).onComplete(checked -> {
            if (checked.failed()) {
                ErrorMapper.respond(ctx, checked.cause());
                return;
            }
            ctx.request().pipeTo(pipe).onFailure(pipe::fail);
            vertx.executeBlocking((Callable<Reply>) () -> {
                try (pipe) {
                    consume.accept(id, pipe);
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

    /**
     * {@code GET /v2/images/{id}/file}: the data of an active image (204 while it has none); a deactivated image's
     * data only for an admin (Glance's 403 for others).
     */
    private void download(RoutingContext ctx) {
        AuthContext caller = AuthFilter.of(ctx);
        HttpServerResponse response = ctx.response();
        vertx.executeBlocking(() -> {
            ImageRecord image = access.visible(caller, ctx.pathParam("id"));
            if (image.status() == ImageStatus.DEACTIVATED && !caller.isAdmin()) {
                throw ApiException.forbidden("The requested image has been deactivated. Image data download is "
                        + "forbidden.");
            }
            if (image.status() != ImageStatus.ACTIVE && image.status() != ImageStatus.DEACTIVATED) {
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
                new DownloadStream(in, response).run(bytes -> ImageTraffic.sent(ctx, bytes));
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
}

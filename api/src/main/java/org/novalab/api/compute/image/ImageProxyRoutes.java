package org.novalab.api.compute.image;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Predicate;
import org.novalab.api.compute.MetadataItems;
import org.novalab.api.compute.Microversion;
import org.novalab.api.compute.NovaQuery;
import org.novalab.api.compute.NovaSchema;
import org.novalab.api.compute.NovaTime;
import org.novalab.api.compute.quota.QuotaService;
import org.novalab.api.http.ApiException;
import org.novalab.api.http.BaseUrl;
import org.novalab.api.http.Blocking;
import org.novalab.api.http.JsonBody;
import org.novalab.api.http.Reply;
import org.novalab.api.identity.AuthContext;
import org.novalab.api.identity.AuthFilter;
import org.novalab.image.ImagePatch;
import org.novalab.image.ImageRecord;
import org.novalab.image.ImageService;

/**
 * Nova's image proxy, {@code /v2.1/images} (list, {@code detail}, show, delete) and {@code /images/{id}/metadata}
 * (Glance's custom properties, within the {@code metadata_items} quota), until 2.35: from 2.36 the routes are gone
 * (404), as Nova deprecated them for Glance's own API. The caller sees the images Glance would show it; only the
 * owner or an admin changes or deletes one.
 */
public final class ImageProxyRoutes {
    private static final int MAX_LIMIT = 1000;
    private static final Map<String, String> STATUS = Map.of("active", "ACTIVE", "queued", "SAVING", "saving", "SAVING",
            "deleted", "DELETED", "pending_delete", "DELETED", "killed", "ERROR");
    private static final Map<String, Integer> PROGRESS = Map.of("queued", 25, "saving", 50, "active", 100);
    private final ImageService images;
    private final QuotaService quotas;
    private final Blocking blocking;

    public ImageProxyRoutes(ImageService images, QuotaService quotas, Blocking blocking) {
        this.images = images;
        this.quotas = quotas;
        this.blocking = blocking;
    }

    public void mount(Router router, String v) {
        router.get(v + "/images").handler(ctx -> list(ctx, false));
        router.get(v + "/images/detail").handler(ctx -> list(ctx, true));
        router.get(v + "/images/:id").handler(this::show);
        router.delete(v + "/images/:id").handler(this::delete);
        // a blank id names no image: Nova's 404, not the router's 405
        router.delete(v + "/images/").handler(ctx -> blocking.reply(ctx, () -> {
            throw ApiException.notFound("Image not found.");
        }));
        router.get(v + "/images/:id/metadata").handler(this::metadata);
        router.post(v + "/images/:id/metadata").handler(ctx -> setMetadata(ctx, false));
        router.put(v + "/images/:id/metadata").handler(ctx -> setMetadata(ctx, true));
        router.get(v + "/images/:id/metadata/:key").handler(this::metadataItem);
        router.put(v + "/images/:id/metadata/:key").handler(this::setMetadataItem);
        router.delete(v + "/images/:id/metadata/:key").handler(this::deleteMetadataItem);
    }

    /** The proxy ends at 2.35. */
    private static void requireProxy(Microversion v) {
        if (v.atLeast(36)) {
            throw ApiException.notFound("The resource could not be found.");
        }
    }

    private ImageRecord visible(AuthContext caller, String id) {
        return images.find(id).filter(i -> i.visibleTo(caller.projectId(), caller.isAdmin()))
                .orElseThrow(() -> ApiException.notFound("Image not found."));
    }

    private ImageRecord owned(AuthContext caller, String id, String refusal) {
        ImageRecord image = visible(caller, id);
        if (!caller.isAdmin() && !caller.projectId().equals(image.owner())) {
            throw ApiException.forbidden(refusal);
        }
        return image;
    }

    private void list(RoutingContext ctx, boolean detail) {
        AuthContext caller = AuthFilter.of(ctx);
        Microversion v = Microversion.of(ctx);
        String base = BaseUrl.of(ctx);
        blocking.reply(ctx, () -> {
            requireProxy(v);
            NovaQuery q = NovaQuery.of(ctx);
            Predicate<ImageRecord> filter = filters(q);
            List<ImageRecord> all = images.list().stream().filter(i -> i.visibleTo(caller.projectId(),
                    caller.isAdmin())).filter(filter).sorted(Comparator.comparing(ImageRecord::createdAt).reversed()
                    .thenComparing(ImageRecord::id)).toList();
            String marker = q.string("marker");
            int from = 0;
            if (marker != null) {
                int at = -1;
                for (int n = 0; n < all.size(); n++) {
                    if (all.get(n).id().equals(marker)) {
                        at = n;
                    }
                }
                if (at < 0) {
                    throw ApiException.badRequest("marker [" + marker + "] not found");
                }
                from = at + 1;
            }
            Integer asked = q.nonNegativeInteger("limit");
            int limit = asked == null ? MAX_LIMIT : Math.min(asked, MAX_LIMIT);
            List<ImageRecord> page = all.subList(from, Math.min(all.size(), from + limit));
            JsonArray list = new JsonArray();
            page.forEach(i -> list.add(detail ? detail(base, i) : brief(base, i)));
            JsonObject body = new JsonObject().put("images", list);
            if (limit > 0 && page.size() == limit) {
                body.put("images_links", new JsonArray().add(new JsonObject().put("rel", "next").put("href",
                        base + "/v2.1/images" + (detail ? "/detail" : "") + "?limit=" + limit + "&marker="
                                + page.get(page.size() - 1).id())));
            }
            return Reply.ok(body);
        });
    }

    /** Nova's filters, passed to Glance: name, status, minRam, minDisk, server, type, changes-since. */
    private static Predicate<ImageRecord> filters(NovaQuery q) {
        String name = q.string("name");
        String status = q.string("status");
        Integer minRam = integer(q, "minRam");
        Integer minDisk = integer(q, "minDisk");
        // Nova keeps what follows the last '/' of a server filter: a server's href names its uuid
        String server = serverUuid(q.string("server"));
        String type = q.string("type");
        Instant since = since(q.string("changes-since"));
        return i -> (name == null || name.equals(i.name()))
                && (status == null || status.equalsIgnoreCase(status(i)) || status.equalsIgnoreCase(
                        i.status().glanceName()))
                && (minRam == null || i.minRam() >= minRam) && (minDisk == null || i.minDisk() >= minDisk)
                && (server == null || server.equals(i.properties().get("instance_uuid")))
                && (type == null || type.equals(i.properties().get("image_type")))
                && (since == null || !i.updatedAt().isBefore(since));
    }

    private static String serverUuid(String filter) {
        return filter == null || filter.lastIndexOf('/') < 0 ? filter : filter.substring(filter.lastIndexOf('/') + 1);
    }

    private static Integer integer(NovaQuery q, String name) {
        String value = q.string(name);
        if (value == null) {
            return null;
        }
        try {
            return Integer.parseInt(value);
        } catch (NumberFormatException e) {
            throw ApiException.badRequest("Invalid " + name + " filter [" + value + "]");
        }
    }

    private static Instant since(String value) {
        if (value == null) {
            return null;
        }
        try {
            return OffsetDateTime.parse(value).toInstant();
        } catch (DateTimeParseException e) {
            try {
                return java.time.LocalDateTime.parse(value).toInstant(java.time.ZoneOffset.UTC);
            } catch (DateTimeParseException again) {
                throw ApiException.badRequest("Invalid changes-since value");
            }
        }
    }

    private void show(RoutingContext ctx) {
        AuthContext caller = AuthFilter.of(ctx);
        Microversion v = Microversion.of(ctx);
        String base = BaseUrl.of(ctx);
        blocking.reply(ctx, () -> {
            requireProxy(v);
            return Reply.ok(new JsonObject().put("image", detail(base, visible(caller, ctx.pathParam("id")))));
        });
    }

    private void delete(RoutingContext ctx) {
        AuthContext caller = AuthFilter.of(ctx);
        Microversion v = Microversion.of(ctx);
        blocking.reply(ctx, () -> {
            requireProxy(v);
            ImageRecord image = owned(caller, ctx.pathParam("id"), "You are not allowed to delete the image.");
            if (image.isProtected()) {
                throw ApiException.forbidden("You are not allowed to delete the image.");
            }
            images.delete(image.id());
            return Reply.noContent();
        });
    }

    private void metadata(RoutingContext ctx) {
        AuthContext caller = AuthFilter.of(ctx);
        Microversion v = Microversion.of(ctx);
        blocking.reply(ctx, () -> {
            requireProxy(v);
            return Reply.ok(new JsonObject().put("metadata", json(visible(caller, ctx.pathParam("id")).properties())));
        });
    }

    private void metadataItem(RoutingContext ctx) {
        AuthContext caller = AuthFilter.of(ctx);
        Microversion v = Microversion.of(ctx);
        blocking.reply(ctx, () -> {
            requireProxy(v);
            String key = ctx.pathParam("key");
            String value = visible(caller, ctx.pathParam("id")).properties().get(key);
            if (value == null) {
                throw ApiException.notFound("Image metadata key not found");
            }
            return Reply.ok(new JsonObject().put("meta", new JsonObject().put(key, value)));
        });
    }

    private void setMetadata(RoutingContext ctx, boolean replaceAll) {
        AuthContext caller = AuthFilter.of(ctx);
        Microversion v = Microversion.of(ctx);
        blocking.reply(ctx, () -> {
            requireProxy(v);
            JsonObject body = JsonBody.object(ctx);
            NovaSchema.allowOnly(body, Set.of("metadata"), null);
            NovaSchema.require(body, "metadata", null);
            Map<String, String> items = MetadataItems.parse(body.getValue("metadata"), "metadata");
            ImageRecord image = owned(caller, ctx.pathParam("id"), "You are not allowed to change the image.");
            Map<String, String> next = new TreeMap<>(replaceAll ? Map.of() : image.properties());
            next.putAll(items);
            return Reply.ok(new JsonObject().put("metadata", json(save(caller, image, next).properties())));
        });
    }

    private void setMetadataItem(RoutingContext ctx) {
        AuthContext caller = AuthFilter.of(ctx);
        Microversion v = Microversion.of(ctx);
        blocking.reply(ctx, () -> {
            requireProxy(v);
            JsonObject body = JsonBody.object(ctx);
            NovaSchema.allowOnly(body, Set.of("meta"), null);
            NovaSchema.require(body, "meta", null);
            Map<String, String> item = MetadataItems.parse(body.getValue("meta"), "meta");
            if (item.size() != 1) {
                throw NovaSchema.invalid("meta", body.getValue("meta"), NovaSchema.repr(body.getValue("meta"))
                        + (item.isEmpty() ? " does not have enough properties" : " has too many properties"));
            }
            String key = ctx.pathParam("key");
            if (!item.containsKey(key)) {
                throw ApiException.badRequest("Request body and URI mismatch");
            }
            ImageRecord image = owned(caller, ctx.pathParam("id"), "You are not allowed to change the image.");
            Map<String, String> next = new TreeMap<>(image.properties());
            next.putAll(item);
            save(caller, image, next);
            return Reply.ok(new JsonObject().put("meta", json(item)));
        });
    }

    private void deleteMetadataItem(RoutingContext ctx) {
        AuthContext caller = AuthFilter.of(ctx);
        Microversion v = Microversion.of(ctx);
        blocking.reply(ctx, () -> {
            requireProxy(v);
            String key = ctx.pathParam("key");
            ImageRecord image = owned(caller, ctx.pathParam("id"), "You are not allowed to change the image.");
            if (!image.properties().containsKey(key)) {
                throw ApiException.notFound("Image metadata key not found");
            }
            images.update(image.id(), List.of(ImagePatch.remove("/" + key)));
            return Reply.noContent();
        });
    }

    /** The image's custom properties become {@code next} in one patch, within the metadata quota. */
    private ImageRecord save(AuthContext caller, ImageRecord image, Map<String, String> next) {
        if (!next.isEmpty()) {
            try {
                quotas.checkMetadataItems(caller, next.size());
            } catch (ApiException over) {
                throw ApiException.forbidden("Image metadata limit exceeded");
            }
        }
        List<ImagePatch> patch = new ArrayList<>();
        image.properties().keySet().stream().filter(k -> !next.containsKey(k))
                .forEach(k -> patch.add(ImagePatch.remove("/" + k)));
        next.forEach((k, val) -> patch.add(image.properties().containsKey(k) ? ImagePatch.replace("/" + k, val)
                : ImagePatch.add("/" + k, val)));
        return patch.isEmpty() ? image : images.update(image.id(), patch);
    }

    private static JsonObject brief(String base, ImageRecord i) {
        return new JsonObject().put("id", i.id()).put("name", i.name()).put("links", links(base, i.id()));
    }

    private static JsonObject detail(String base, ImageRecord i) {
        JsonObject o = new JsonObject().put("id", i.id()).put("name", i.name()).put("minRam", i.minRam())
                .put("minDisk", i.minDisk()).put("metadata", json(i.properties()))
                .put("created", NovaTime.seconds(i.createdAt())).put("updated", NovaTime.seconds(i.updatedAt()))
                .put("status", status(i)).put("progress", PROGRESS.getOrDefault(i.status().glanceName(), 0))
                .put("OS-EXT-IMG-SIZE:size", i.size()).put("links", links(base, i.id()));
        String server = i.properties().get("instance_uuid");
        if (server != null) {
            o.put("server", new JsonObject().put("id", server).put("links", new JsonArray()
                    .add(new JsonObject().put("rel", "self").put("href", base + "/v2.1/servers/" + server))
                    .add(new JsonObject().put("rel", "bookmark").put("href", base + "/servers/" + server))));
        }
        String auto = i.properties().get("auto_disk_config");
        if (auto != null) {
            o.put("OS-DCF:diskConfig", Set.of("1", "t", "true", "on", "y", "yes").contains(auto.toLowerCase()) ? "AUTO"
                    : "MANUAL");
        }
        return o;
    }

    private static String status(ImageRecord i) {
        return STATUS.getOrDefault(i.status().glanceName(), "UNKNOWN");
    }

    private static JsonArray links(String base, String id) {
        return new JsonArray()
                .add(new JsonObject().put("rel", "self").put("href", base + "/v2.1/images/" + id))
                .add(new JsonObject().put("rel", "bookmark").put("href", base + "/images/" + id))
                .add(new JsonObject().put("rel", "alternate").put("type", "application/vnd.openstack.image")
                        .put("href", base + "/image/images/" + id));
    }

    private static JsonObject json(Map<String, String> items) {
        return new JsonObject(new LinkedHashMap<String, Object>(items));
    }
}

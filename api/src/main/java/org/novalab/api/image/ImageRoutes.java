package org.novalab.api.image;

import io.vertx.core.MultiMap;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.novalab.api.http.ApiException;
import org.novalab.api.http.Blocking;
import org.novalab.api.http.JsonBody;
import org.novalab.api.http.Reply;
import org.novalab.api.identity.AuthContext;
import org.novalab.api.identity.AuthFilter;
import org.novalab.api.image.metadef.MetadefRoutes;
import org.novalab.image.ImagePatch;
import org.novalab.image.ImageRecord;
import org.novalab.image.ImageService;
import org.novalab.image.MemberStatus;
import org.novalab.image.NewImage;

/**
 * Glance v2 over the image module's {@link ImageService}: who may see and change what (projects, roles,
 * visibility), JSON-patch updates, tags, deactivation, list filters and sorting, schemas; the members, the data
 * (upload, download, glance-direct) and the metadefs have routes of their own. The service validates values and
 * keeps the pool.
 */
public final class ImageRoutes {
    /** Where the server mounts the Glance API: at the root (/v2) and under /image, as devstack's catalog has it. */
    public static final List<String> PREFIXES = List.of("", "/image");
    /** Attributes a create may not set (Glance's read-only ones; the owner is a policy matter, below). */
    private static final Set<String> READ_ONLY = Set.of("status", "size", "virtual_size", "checksum", "os_hash_algo",
            "os_hash_value", "created_at", "updated_at", "self", "file", "schema", "direct_url", "locations",
            "stores");
    /** Attributes of the image itself: a create reads them as such, every other field is an extra property. */
    static final Set<String> CORE = Set.of("id", "name", "visibility", "disk_format", "container_format",
            "min_disk", "min_ram", "protected", "tags", "os_hidden", "owner");
    /** Core attributes that a patch may change but never remove. */
    private static final Set<String> NOT_REMOVABLE = Set.of("name", "visibility", "disk_format",
            "container_format", "min_disk", "min_ram", "protected", "tags", "os_hidden", "owner");
    private static final Set<String> RESERVED = Set.of("location", "deleted", "deleted_at");
    /** A patch may not change the id either (a create may choose it). */
    private static final Set<String> PATCH_READ_ONLY = Stream.concat(READ_ONLY.stream(), Stream.of("id"))
            .collect(Collectors.toUnmodifiableSet());

    private final Vertx vertx;
    private final ImageService store;
    private final ImageAccess access;
    private final Blocking blocking;
    private final JsonPatchReader patches = new JsonPatchReader(PATCH_READ_ONLY);
    private final MetadefRoutes metadefs;

    public ImageRoutes(Vertx vertx, ImageService store, Blocking blocking, MetadefRoutes metadefs) {
        this.vertx = vertx;
        this.store = store;
        this.access = new ImageAccess(store);
        this.blocking = blocking;
        this.metadefs = metadefs;
    }

    /** Mounts the routes under {@code prefix + "/v2"}; the upload and stage routes must not sit behind a BodyHandler. */
    public void mount(Router router, String prefix) {
        String v2 = prefix + "/v2";
        // Glance's router has no route for an empty image id: /v2/images/ is a 404 whatever the method
        router.route(v2 + "/images/").handler(ctx -> {
            if (ctx.normalizedPath().endsWith("/")) {
                throw ApiException.notFound("The resource could not be found.");
            }
            ctx.next();
        });
        router.post(v2 + "/images").handler(this::create);
        router.get(v2 + "/images").handler(this::list);
        router.get(v2 + "/images/:id").handler(this::show);
        router.patch(v2 + "/images/:id").handler(this::patch);
        router.delete(v2 + "/images/:id").handler(this::delete);
        new ImageDataRoutes(vertx, access, blocking).mount(router, v2);
        router.put(v2 + "/images/:id/tags/:tag").handler(ctx -> tag(ctx, true));
        router.delete(v2 + "/images/:id/tags/:tag").handler(ctx -> tag(ctx, false));
        router.post(v2 + "/images/:id/actions/deactivate").handler(ctx -> activation(ctx, "deactivate"));
        router.post(v2 + "/images/:id/actions/reactivate").handler(ctx -> activation(ctx, "reactivate"));
        router.get(v2 + "/schemas/image").handler(ctx -> Blocking.send(ctx, Reply.ok(Schemas.image())));
        router.get(v2 + "/schemas/images").handler(ctx -> Blocking.send(ctx, Reply.ok(Schemas.images())));
        new MemberRoutes(access, blocking).mount(router, v2);
        metadefs.mount(router, v2);
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
            List<String> tags = tags(body.getValue("tags"));
            String owner = JsonBody.optionalString(body, "owner");
            Map<String, String> properties = new HashMap<>();
            for (String field : body.fieldNames()) {
                if (!CORE.contains(field)) {
                    if (field.length() > 255) {
                        throw ApiException.badRequest("Custom property should not be greater than 255 characters.");
                    }
                    if (RESERVED.contains(field) || field.startsWith("os_glance")) {
                        throw ApiException.forbidden("Attribute '" + field + "' is reserved.");
                    }
                    properties.put(field, propertyValue(body, field));
                }
            }
            // Glance's add_image: an image belongs to the caller's project unless an admin names another owner
            if (owner != null && !caller.isAdmin() && !owner.equals(caller.projectId())) {
                throw ApiException.forbidden("You are not authorized to complete add_image action.");
            }
            String visibility = JsonBody.optionalString(body, "visibility");
            ImageAccess.checkVisibility(caller, visibility);
            ImageRecord created = ImageAccess.glance(() -> store.create(new NewImage(
                    JsonBody.optionalString(body, "id"), JsonBody.optionalString(body, "name"),
                    JsonBody.optionalString(body, "disk_format"), JsonBody.optionalString(body, "container_format"),
                    JsonBody.optionalInt(body, "min_disk"), JsonBody.optionalInt(body, "min_ram"), visibility,
                    JsonBody.optionalBoolean(body, "protected", false), owner == null ? caller.projectId() : owner,
                    properties, tags, hidden(body.getValue("os_hidden")))));
            return Reply.of(201, ImageView.of(created, store)).withHeader("Location", "/v2/images/" + created.id())
                    .withHeader("OpenStack-image-import-methods", String.join(",", ImageDataRoutes.IMPORT_METHODS));
        });
    }

    private static Boolean hidden(Object value) {
        if (value != null && !(value instanceof Boolean)) {
            throw ApiException.badRequest("Provided object does not match schema 'image': " + value
                    + " is not of type 'boolean' (os_hidden)");
        }
        return (Boolean) value;
    }

    /** The tags of a create: absent, or an array of strings (Glance's schema). */
    private static List<String> tags(Object value) {
        if (value == null) {
            return List.of();
        }
        if (!(value instanceof JsonArray array) || !array.stream().allMatch(String.class::isInstance)) {
            throw ApiException.badRequest("Provided object does not match schema 'image': tags must be an array of "
                    + "strings");
        }
        return array.stream().map(String.class::cast).toList();
    }

    /**
     * Glance's listing: an admin lists every image; others the public ones, their project's, and the shared ones
     * offered to their project whose membership has the asked status (accepted unless {@code member_status} says
     * otherwise). Without a visibility, community images are listed only to their own project.
     */
    private void list(RoutingContext ctx) {
        AuthContext caller = AuthFilter.of(ctx);
        blocking.reply(ctx, () -> {
            ImageListQuery query = ImageListQuery.parse(ctx.queryParams());
            Map<String, MemberStatus> shared = caller.isAdmin() ? Map.of() : store.sharing().sharedWith(caller.projectId());
            String project = caller.projectId();
            List<ImageRecord> listed = store.list().stream()
                    .filter(i -> listable(caller, i, shared, query.memberStatus()))
                    .filter(i -> query.visibility() == null ? !"community".equals(i.visibility())
                            || (project != null && project.equals(i.owner()))
                            : query.visibility().equals("all") || query.visibility().equals(i.visibility()))
                    .filter(query::matches)
                    .sorted(query.order())
                    .toList();
            int start = 0;
            if (query.marker() != null) {
                ImageRecord marker = store.find(query.marker()).filter(i -> access.visible(caller, i))
                        .orElseThrow(() -> ApiException.badRequest("No image found with ID " + query.marker()));
                var order = query.order();
                while (start < listed.size() && order.compare(listed.get(start), marker) <= 0) {
                    start++;
                }
            }
            List<ImageRecord> page = listed.subList(start, Math.min(listed.size(), start + query.limit()));
            JsonArray images = new JsonArray();
            page.forEach(i -> images.add(ImageView.of(i, store)));
            String params = encode(ctx.queryParams(), null);
            JsonObject body = new JsonObject().put("images", images)
                    .put("first", "/v2/images" + (params.isEmpty() ? "" : "?" + params))
                    .put("schema", "/v2/schemas/images");
            if (!page.isEmpty() && page.size() == query.limit()) {
                body.put("next", "/v2/images?" + encode(ctx.queryParams(), page.get(page.size() - 1).id()));
            }
            return Reply.ok(body);
        });
    }

    private static boolean listable(AuthContext caller, ImageRecord image, Map<String, MemberStatus> shared,
                                    String memberStatus) {
        if (caller.isAdmin() || image.visibleTo(caller.projectId(), false)) {
            return true;
        }
        MemberStatus status = shared.get(image.id());
        return "shared".equals(image.visibility()) && status != null
                && (memberStatus.equals("all") || status.glanceName().equals(memberStatus));
    }

    /** The query string again, without its marker, or with {@code marker} as the marker. */
    private static String encode(MultiMap params, String marker) {
        List<String> pairs = new ArrayList<>();
        for (Map.Entry<String, String> e : params.entries()) {
            if (!e.getKey().equals("marker")) {
                pairs.add(URLEncoder.encode(e.getKey(), StandardCharsets.UTF_8) + "="
                        + URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8));
            }
        }
        if (marker != null) {
            pairs.add("marker=" + URLEncoder.encode(marker, StandardCharsets.UTF_8));
        }
        return String.join("&", pairs);
    }

    private void show(RoutingContext ctx) {
        AuthContext caller = AuthFilter.of(ctx);
        blocking.reply(ctx, () -> Reply.ok(ImageView.of(access.visible(caller, ctx.pathParam("id")), store)));
    }

    private void delete(RoutingContext ctx) {
        AuthContext caller = AuthFilter.requireWriter(ctx);
        blocking.reply(ctx, () -> {
            ImageRecord image = access.owned(caller, ctx.pathParam("id"));
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
            ImageRecord image = access.owned(caller, ctx.pathParam("id"));
            List<ImagePatch> changes = patches.read(ctx.body() == null ? null : ctx.body().asString(), draft4);
            Set<String> properties = new java.util.HashSet<>(image.properties().keySet());
            for (ImagePatch change : changes) {
                String attribute = change.path().substring(1);
                if (!CORE.contains(attribute)) {
                    checkPropertyChange(change.op(), attribute, properties, draft4);
                }
                if (change.op().equals("remove") && NOT_REMOVABLE.contains(attribute)) {
                    throw ApiException.forbidden("Property " + attribute + " may not be removed.");
                }
                if (attribute.equals("owner") && !caller.isAdmin()) {
                    throw ApiException.forbidden("Owner can't be updated by non admin.");
                }
                if (attribute.equals("visibility") && change.value() instanceof String v) {
                    ImageAccess.checkVisibility(caller, v);
                }
            }
            return Reply.ok(ImageView.of(ImageAccess.glance(() -> store.update(image.id(), changes)), store));
        });
    }

    /**
     * Glance's rules for an extra property in a patch, applied in order: a replace or remove needs the property
     * (409), and so does the older dialect's add refuse one that is there.
     */
    private static void checkPropertyChange(String op, String attribute, Set<String> properties, boolean draft4) {
        boolean present = properties.contains(attribute);
        switch (op) {
            case "add" -> {
                if (present && draft4) {
                    throw ApiException.conflict("Property " + attribute + " already present.");
                }
                properties.add(attribute);
            }
            case "replace" -> {
                if (!present) {
                    throw ApiException.conflict("Property " + attribute + " does not exist.");
                }
            }
            default -> {
                if (!properties.remove(attribute)) {
                    throw ApiException.conflict("Property " + attribute + " does not exist.");
                }
            }
        }
    }

    /** {@code PUT} and {@code DELETE /v2/images/{id}/tags/{tag}}: the image's project (or an admin) only. */
    private void tag(RoutingContext ctx, boolean add) {
        AuthContext caller = AuthFilter.requireWriter(ctx);
        blocking.reply(ctx, () -> {
            String id = ctx.pathParam("id");
            String tag = ctx.pathParam("tag");
            ImageRecord image = store.find(id).filter(i -> access.visible(caller, i))
                    .orElseThrow(() -> ApiException.notFound("Image " + id + " not found."));
            if (!ImageAccess.owns(caller, image)) {
                throw ApiException.forbidden("Not allowed to " + (add ? "update" : "delete") + " tags for image "
                        + id + ".");
            }
            if (add) {
                ImageAccess.glance(() -> store.addTag(id, tag));
            } else if (!store.removeTag(id, tag)) {
                throw ApiException.notFound("The resource could not be found.");
            }
            return Reply.noContent();
        });
    }

    /**
     * Glance's deactivate and reactivate (its default policy: an admin, or a member of the image's project); 204,
     * also when the image already is so.
     */
    private void activation(RoutingContext ctx, String action) {
        AuthContext caller = AuthFilter.requireWriter(ctx);
        blocking.reply(ctx, () -> {
            ImageRecord image = access.owned(caller, ctx.pathParam("id"),
                    "You are not authorized to complete " + action + " action.");
            ImageAccess.glance(() -> action.equals("deactivate") ? store.deactivate(image.id())
                    : store.reactivate(image.id()));
            return Reply.noContent();
        });
    }


    private static String propertyValue(JsonObject body, String field) {
        Object value = body.getValue(field);
        if (!(value instanceof String s)) {
            throw ApiException.badRequest("Invalid value for extra property '" + field + "': must be a string");
        }
        return s;
    }
}

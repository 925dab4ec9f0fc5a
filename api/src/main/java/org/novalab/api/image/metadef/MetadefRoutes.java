package org.novalab.api.image.metadef;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.stream.Stream;
import org.novalab.api.http.ApiException;
import org.novalab.api.http.Blocking;
import org.novalab.api.http.JsonBody;
import org.novalab.api.http.Reply;
import org.novalab.api.identity.AuthContext;
import org.novalab.api.identity.AuthFilter;
import org.novalab.api.image.metadef.MetadefCatalog.Kind;

/**
 * Glance's metadata definitions API ({@code /v2/metadefs}) with its default policy: every change is an admin's;
 * a public namespace is everyone's to read, a private one its owner project's (others get a 404). Namespaces,
 * their objects, properties and tags, resource types and their associations, and the ten metadef schemas.
 */
public final class MetadefRoutes {
    private static final List<String> SCHEMAS = List.of("namespace", "namespaces", "object", "objects", "property",
            "properties", "tag", "tags", "resource_type", "resource_types");

    private final MetadefCatalog catalog;
    private final Blocking blocking;

    public MetadefRoutes(org.novalab.api.persistence.Database db, Blocking blocking) {
        this.catalog = new MetadefCatalog(db, java.time.Clock.systemUTC());
        this.blocking = blocking;
    }

    public void mount(Router router, String v2) {
        String ns = v2 + "/metadefs/namespaces";
        router.get(ns).handler(ctx -> read(ctx, caller -> listNamespaces(ctx, caller)));
        router.post(ns).handler(ctx -> write(ctx, "add_metadef_namespace", caller -> {
            NamespaceRequest request = NamespaceRequest.parse(JsonBody.object(ctx));
            NamespaceEntity created = catalog.create(request,
                    request.owner() == null ? caller.projectId() : request.owner());
            return Reply.of(201, detail(created)).withHeader("Location", self(created));
        }));
        router.get(ns + "/:ns").handler(ctx -> read(ctx, caller -> Reply.ok(prefixed(detail(visible(ctx, caller)),
                ctx.queryParams().get("resource_type")))));
        router.put(ns + "/:ns").handler(ctx -> write(ctx, "modify_metadef_namespace", caller -> {
            visible(ctx, caller);
            NamespaceEntity updated = catalog.update(ctx.pathParam("ns"), NamespaceRequest.parse(JsonBody.object(ctx)));
            return Reply.ok(namespace(updated));
        }));
        router.delete(ns + "/:ns").handler(ctx -> write(ctx, "delete_metadef_namespace", caller -> {
            catalog.delete(visible(ctx, caller).namespace);
            return Reply.noContent();
        }));
        mountItems(router, ns, Kind.OBJECT, "objects");
        mountItems(router, ns, Kind.PROPERTY, "properties");
        mountTags(router, ns);
        router.get(v2 + "/metadefs/resource_types").handler(ctx -> read(ctx, caller -> {
            JsonArray types = new JsonArray();
            catalog.resourceTypes().forEach(t -> types.add(times(new JsonObject().put("name", t.name), t.createdAt,
                    t.updatedAt)));
            return Reply.ok(new JsonObject().put("resource_types", types));
        }));
        router.get(ns + "/:ns/resource_types").handler(ctx -> read(ctx, caller ->
                Reply.ok(new JsonObject().put("resource_type_associations", associations(visible(ctx, caller))))));
        router.post(ns + "/:ns/resource_types").handler(ctx -> write(ctx, "add_metadef_resource_type_association",
                caller -> {
                    JsonObject body = JsonBody.object(ctx);
                    MetadefBodies.text(body, "name", 80, true, "resource_type_association");
                    MetadefBodies.text(body, "prefix", 80, false, "resource_type_association");
                    MetadefBodies.text(body, "properties_target", 80, false, "resource_type_association");
                    return Reply.of(201, association(catalog.associate(visible(ctx, caller).namespace, body)));
                }));
        router.delete(ns + "/:ns/resource_types/:type").handler(ctx -> write(ctx,
                "remove_metadef_resource_type_association", caller -> {
                    catalog.dissociate(visible(ctx, caller).namespace, ctx.pathParam("type"));
                    return Reply.noContent();
                }));
        router.get(v2 + "/schemas/metadefs/:kind").handler(ctx -> {
            String kind = ctx.pathParam("kind");
            if (!SCHEMAS.contains(kind)) {
                throw ApiException.notFound("The resource could not be found.");
            }
            Blocking.send(ctx, Reply.ok(MetadefSchemas.of(kind)));
        });
    }

    private void mountItems(Router router, String ns, Kind kind, String plural) {
        String action = kind == Kind.OBJECT ? "metadef_object" : "metadef_property";
        router.get(ns + "/:ns/" + plural).handler(ctx -> read(ctx, caller -> {
            NamespaceEntity namespace = visible(ctx, caller);
            JsonObject body = new JsonObject();
            if (kind == Kind.OBJECT) {
                JsonArray objects = new JsonArray();
                catalog.items(namespace, kind).forEach(i -> objects.add(object(namespace, i)));
                body.put("objects", objects).put("schema", "/v2/schemas/metadefs/objects");
            } else {
                body.put("properties", properties(catalog.items(namespace, kind)));
            }
            return Reply.ok(body);
        }));
        router.post(ns + "/:ns/" + plural).handler(ctx -> write(ctx, "add_" + action, caller -> {
            NamespaceEntity namespace = visible(ctx, caller);
            JsonObject body = definition(ctx, kind);
            ItemEntity item = catalog.addItem(namespace.namespace, kind, body.getString("name"), stored(body));
            return Reply.of(201, kind == Kind.OBJECT ? object(namespace, item) : property(item));
        }));
        router.get(ns + "/:ns/" + plural + "/:name").handler(ctx -> read(ctx, caller -> {
            NamespaceEntity namespace = visible(ctx, caller);
            ItemEntity item = catalog.item(namespace, kind, ctx.pathParam("name"));
            return Reply.ok(kind == Kind.OBJECT ? object(namespace, item) : property(item));
        }));
        router.put(ns + "/:ns/" + plural + "/:name").handler(ctx -> write(ctx, "modify_" + action, caller -> {
            NamespaceEntity namespace = visible(ctx, caller);
            JsonObject body = definition(ctx, kind);
            ItemEntity item = catalog.updateItem(namespace.namespace, kind, ctx.pathParam("name"),
                    body.getString("name"), stored(body));
            return Reply.ok(kind == Kind.OBJECT ? object(namespace, item) : property(item));
        }));
        router.delete(ns + "/:ns/" + plural + "/:name").handler(ctx -> write(ctx, "delete_" + action, caller -> {
            catalog.deleteItem(visible(ctx, caller).namespace, kind, ctx.pathParam("name"));
            return Reply.noContent();
        }));
        router.delete(ns + "/:ns/" + plural).handler(ctx -> write(ctx, "delete_" + action, caller -> {
            catalog.deleteItems(visible(ctx, caller).namespace, kind);
            return Reply.noContent();
        }));
    }

    private void mountTags(Router router, String ns) {
        router.get(ns + "/:ns/tags").handler(ctx -> read(ctx, caller -> {
            JsonArray tags = new JsonArray();
            catalog.items(visible(ctx, caller), Kind.TAG).forEach(t -> tags.add(tag(t)));
            return Reply.ok(new JsonObject().put("tags", tags));
        }));
        router.post(ns + "/:ns/tags").handler(ctx -> write(ctx, "add_metadef_tags", caller -> {
            NamespaceEntity namespace = visible(ctx, caller);
            JsonObject body = JsonBody.object(ctx);
            if (!(body.getValue("tags") instanceof JsonArray list)
                    || !list.stream().allMatch(JsonObject.class::isInstance)) {
                throw MetadefBodies.invalid("tags", "'tags' is a required property, an array of tag objects");
            }
            List<String> names = new ArrayList<>();
            Set<String> seen = new HashSet<>();
            for (Object o : list) {
                String name = MetadefBodies.text((JsonObject) o, "name", 255, true, "tag");
                if (!seen.add(name)) {
                    throw ApiException.conflict("A metadata tag name=" + name + " already exists in namespace="
                            + namespace.namespace + ".");
                }
                names.add(name);
            }
            boolean append = "true".equalsIgnoreCase(ctx.request().getHeader("X-Openstack-Append"));
            JsonArray tags = new JsonArray();
            catalog.replaceTags(namespace.namespace, names, append).forEach(t -> tags.add(new JsonObject()
                    .put("name", t.name)));
            return Reply.of(201, new JsonObject().put("tags", tags));
        }));
        router.delete(ns + "/:ns/tags").handler(ctx -> write(ctx, "delete_metadef_tags", caller -> {
            catalog.deleteItems(visible(ctx, caller).namespace, Kind.TAG);
            return Reply.noContent();
        }));
        router.get(ns + "/:ns/tags/:name").handler(ctx -> read(ctx, caller ->
                Reply.ok(tag(catalog.item(visible(ctx, caller), Kind.TAG, ctx.pathParam("name"))))));
        router.post(ns + "/:ns/tags/:name").handler(ctx -> write(ctx, "add_metadef_tag", caller -> {
            String name = ctx.pathParam("name");
            MetadefBodies.text(new JsonObject().put("name", name), "name", 255, true, "tag");
            return Reply.of(201, tag(catalog.addItem(visible(ctx, caller).namespace, Kind.TAG, name, null)));
        }));
        router.put(ns + "/:ns/tags/:name").handler(ctx -> write(ctx, "modify_metadef_tag", caller -> {
            NamespaceEntity namespace = visible(ctx, caller);
            String newName = MetadefBodies.text(JsonBody.object(ctx), "name", 255, true, "tag");
            return Reply.ok(tag(catalog.updateItem(namespace.namespace, Kind.TAG, ctx.pathParam("name"), newName,
                    null)));
        }));
        router.delete(ns + "/:ns/tags/:name").handler(ctx -> write(ctx, "delete_metadef_tag", caller -> {
            catalog.deleteItem(visible(ctx, caller).namespace, Kind.TAG, ctx.pathParam("name"));
            return Reply.noContent();
        }));
    }

    /** A route's work for a caller. */
    private interface Work {
        Reply on(AuthContext caller) throws Exception;
    }

    private void read(RoutingContext ctx, Work work) {
        AuthContext caller = AuthFilter.of(ctx);
        blocking.reply(ctx, (Callable<Reply>) () -> work.on(caller));
    }

    /** Glance's metadef policies: every change is an admin's. */
    private void write(RoutingContext ctx, String action, Work work) {
        AuthContext caller = AuthFilter.requireWriter(ctx);
        blocking.reply(ctx, (Callable<Reply>) () -> {
            if (!caller.isAdmin()) {
                if (ctx.pathParams().containsKey("ns")) {
                    visible(ctx, caller); // an unseen namespace is a 404 before it is a 403
                }
                throw ApiException.forbidden("You are not authorized to complete " + action + " action.");
            }
            return work.on(caller);
        });
    }

    private NamespaceEntity visible(RoutingContext ctx, AuthContext caller) {
        String name = ctx.pathParam("ns");
        return catalog.namespace(name).filter(n -> visible(caller, n))
                .orElseThrow(() -> MetadefCatalog.namespaceNotFound(name));
    }

    private static boolean visible(AuthContext caller, NamespaceEntity ns) {
        return caller.isAdmin() || "public".equals(ns.visibility)
                || (caller.projectId() != null && caller.projectId().equals(ns.owner));
    }

    private Reply listNamespaces(RoutingContext ctx, AuthContext caller) {
        String visibility = ctx.queryParams().get("visibility");
        if (visibility != null && !visibility.equals("public") && !visibility.equals("private")) {
            throw ApiException.badRequest("Invalid visibility value: " + visibility);
        }
        String marker = ctx.queryParams().get("marker");
        int limit = limit(ctx.queryParams().get("limit"));
        Set<String> ofTypes = null;
        String types = ctx.queryParams().get("resource_types");
        if (types != null) {
            ofTypes = new HashSet<>();
            for (String type : types.split(",")) {
                ofTypes.addAll(catalog.namespaceIdsOf(type.strip()));
            }
        }
        Set<String> wanted = ofTypes;
        List<NamespaceEntity> listed = catalog.namespaces().stream().filter(n -> visible(caller, n))
                .filter(n -> visibility == null || visibility.equals(n.visibility))
                .filter(n -> wanted == null || wanted.contains(n.id))
                .sorted(order(ctx.queryParams().get("sort_key"), ctx.queryParams().get("sort_dir"))).toList();
        int start = 0;
        if (marker != null) {
            start = -1;
            for (int k = 0; k < listed.size(); k++) {
                if (listed.get(k).namespace.equals(marker)) {
                    start = k + 1;
                }
            }
            if (start < 0) {
                throw MetadefCatalog.namespaceNotFound(marker);
            }
        }
        List<NamespaceEntity> page = listed.subList(start, Math.min(listed.size(), start + limit));
        JsonArray namespaces = new JsonArray();
        for (NamespaceEntity n : page) {
            JsonObject view = namespace(n);
            JsonArray associations = associations(n);
            if (!associations.isEmpty()) {
                view.put("resource_type_associations", associations);
            }
            namespaces.add(view);
        }
        JsonObject body = new JsonObject().put("namespaces", namespaces).put("first", "/v2/metadefs/namespaces")
                .put("schema", "/v2/schemas/metadefs/namespaces");
        if (!page.isEmpty() && page.size() == limit) {
            body.put("next", "/v2/metadefs/namespaces?marker=" + page.get(page.size() - 1).namespace + "&limit="
                    + limit);
        }
        return Reply.ok(body);
    }

    /** Glance's namespace order: {@code sort_key} (created_at by default) in {@code sort_dir} (desc by default). */
    private static java.util.Comparator<NamespaceEntity> order(String key, String dir) {
        String direction = dir == null ? "desc" : dir;
        if (!direction.equals("asc") && !direction.equals("desc")) {
            throw ApiException.badRequest("Invalid sort direction: " + direction);
        }
        java.util.function.Function<NamespaceEntity, Comparable<?>> attribute = switch (key == null ? "created_at"
                : key) {
            case "created_at" -> n -> n.createdAt;
            case "updated_at" -> n -> n.updatedAt;
            case "namespace" -> n -> n.namespace;
            case "display_name" -> n -> n.displayName;
            case "visibility" -> n -> n.visibility;
            default -> throw ApiException.badRequest("Invalid sort key: " + key + ". It must be one of the "
                    + "following: created_at, updated_at, namespace, display_name, visibility.");
        };
        @SuppressWarnings("unchecked")
        java.util.Comparator<NamespaceEntity> order = java.util.Comparator.comparing(
                n -> (Comparable<Object>) attribute.apply(n), java.util.Comparator.nullsFirst(
                        java.util.Comparator.naturalOrder()));
        order = order.thenComparing(n -> n.namespace);
        return direction.equals("asc") ? order : order.reversed();
    }

    /**
     * A namespace shown for one resource type: its properties, and its objects' properties and required names,
     * carry the prefix of that association (Glance's {@code ?resource_type=}).
     */
    private static JsonObject prefixed(JsonObject detail, String resourceType) {
        if (resourceType == null || !(detail.getValue("resource_type_associations") instanceof JsonArray all)) {
            return detail;
        }
        String prefix = all.stream().map(JsonObject.class::cast).filter(a -> resourceType.equals(a.getString("name")))
                .map(a -> a.getString("prefix")).filter(p -> p != null && !p.isEmpty()).findFirst().orElse(null);
        if (prefix == null) {
            return detail;
        }
        if (detail.getValue("properties") instanceof JsonObject properties) {
            detail.put("properties", withPrefix(properties, prefix));
        }
        if (detail.getValue("objects") instanceof JsonArray objects) {
            for (Object o : objects) {
                JsonObject object = (JsonObject) o;
                if (object.getValue("properties") instanceof JsonObject properties) {
                    object.put("properties", withPrefix(properties, prefix));
                }
                if (object.getValue("required") instanceof JsonArray required) {
                    JsonArray renamed = new JsonArray();
                    required.forEach(r -> renamed.add(prefix + r));
                    object.put("required", renamed);
                }
            }
        }
        return detail;
    }

    private static JsonObject withPrefix(JsonObject properties, String prefix) {
        JsonObject renamed = new JsonObject();
        properties.forEach(e -> renamed.put(prefix + e.getKey(), e.getValue()));
        return renamed;
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

    /** An object's or property's body, checked, with its name. */
    private static JsonObject definition(RoutingContext ctx, Kind kind) {
        JsonObject body = JsonBody.object(ctx);
        if (kind == Kind.OBJECT) {
            return MetadefBodies.checkObject(body, "object");
        }
        MetadefBodies.text(body, "name", 255, true, "property");
        MetadefBodies.checkProperty(body.getString("name"), body, "property");
        return body;
    }

    /** What is kept of a definition: all but its name and the read-only attributes. */
    private static JsonObject stored(JsonObject body) {
        JsonObject kept = body.copy();
        Stream.of("name", "schema", "self", "created_at", "updated_at").forEach(kept::remove);
        return kept;
    }

    private static String self(NamespaceEntity n) {
        return "/v2/metadefs/namespaces/" + n.namespace;
    }

    private static JsonObject namespace(NamespaceEntity n) {
        JsonObject view = new JsonObject().put("namespace", n.namespace);
        putIfSet(view, "display_name", n.displayName);
        putIfSet(view, "description", n.description);
        view.put("visibility", n.visibility).put("protected", n.isProtected);
        putIfSet(view, "owner", n.owner);
        return times(view, n.createdAt, n.updatedAt).put("schema", "/v2/schemas/metadefs/namespace")
                .put("self", self(n));
    }

    /** A namespace with everything it holds, as Glance shows one namespace. */
    private JsonObject detail(NamespaceEntity n) {
        JsonObject view = namespace(n);
        JsonArray associations = associations(n);
        if (!associations.isEmpty()) {
            view.put("resource_type_associations", associations);
        }
        JsonObject properties = properties(catalog.items(n, Kind.PROPERTY));
        if (!properties.isEmpty()) {
            view.put("properties", properties);
        }
        JsonArray objects = new JsonArray();
        catalog.items(n, Kind.OBJECT).forEach(i -> objects.add(object(n, i)));
        if (!objects.isEmpty()) {
            view.put("objects", objects);
        }
        JsonArray tags = new JsonArray();
        catalog.items(n, Kind.TAG).forEach(t -> tags.add(new JsonObject().put("name", t.name)));
        if (!tags.isEmpty()) {
            view.put("tags", tags);
        }
        return view;
    }

    private JsonArray associations(NamespaceEntity n) {
        JsonArray list = new JsonArray();
        catalog.associations(n).forEach(a -> list.add(association(a)));
        return list;
    }

    private static JsonObject association(AssociationEntity a) {
        JsonObject view = new JsonObject().put("name", a.resourceType);
        putIfSet(view, "prefix", a.prefix);
        putIfSet(view, "properties_target", a.propertiesTarget);
        return times(view, a.createdAt, a.updatedAt);
    }

    private static JsonObject object(NamespaceEntity n, ItemEntity i) {
        JsonObject view = new JsonObject().put("name", i.name);
        if (i.json != null) {
            view.mergeIn(new JsonObject(i.json));
        }
        return times(view, i.createdAt, i.updatedAt).put("schema", "/v2/schemas/metadefs/object")
                .put("self", self(n) + "/objects/" + i.name);
    }

    private static JsonObject property(ItemEntity i) {
        JsonObject view = new JsonObject().put("name", i.name);
        if (i.json != null) {
            view.mergeIn(new JsonObject(i.json));
        }
        return view;
    }

    private static JsonObject properties(List<ItemEntity> items) {
        JsonObject map = new JsonObject();
        items.forEach(i -> map.put(i.name, property(i)));
        return map;
    }

    private static JsonObject tag(ItemEntity t) {
        return times(new JsonObject().put("name", t.name), t.createdAt, t.updatedAt);
    }

    private static JsonObject times(JsonObject view, Instant created, Instant updated) {
        return view.put("created_at", time(created)).put("updated_at", time(updated));
    }

    private static String time(Instant t) {
        return t == null ? null : DateTimeFormatter.ISO_INSTANT.format(t.truncatedTo(ChronoUnit.SECONDS));
    }

    private static void putIfSet(JsonObject view, String key, String value) {
        if (value != null) {
            view.put(key, value);
        }
    }
}

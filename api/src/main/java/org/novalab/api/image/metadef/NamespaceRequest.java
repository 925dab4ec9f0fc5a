package org.novalab.api.image.metadef;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.novalab.api.http.ApiException;

/**
 * A namespace's create or update body, checked against Glance's namespace schema before anything is stored: the
 * name is required, visibility is public or private (private by default), read-only and unknown attributes are
 * refused; on create it may bring resource type associations, objects, properties and tags.
 */
record NamespaceRequest(String namespace, String displayName, String description, String visibility,
                        boolean isProtected, String owner, List<JsonObject> associations, List<JsonObject> objects,
                        JsonObject properties, List<JsonObject> tags) {
    private static final Set<String> READ_ONLY = Set.of("created_at", "updated_at", "schema", "self");
    private static final Set<String> KNOWN = Set.of("namespace", "display_name", "description", "visibility",
            "protected", "owner", "resource_type_associations", "objects", "properties", "tags");

    static NamespaceRequest parse(JsonObject body) {
        for (String field : body.fieldNames()) {
            if (READ_ONLY.contains(field)) {
                throw ApiException.forbidden("Attribute '" + field + "' is read-only.");
            }
            if (!KNOWN.contains(field)) {
                throw invalid("Additional properties are not allowed ('" + field + "' was unexpected)");
            }
        }
        String namespace = MetadefBodies.text(body, "namespace", 80, true, "namespace");
        String visibility = MetadefBodies.text(body, "visibility", 32, false, "namespace");
        if (visibility != null && !visibility.equals("public") && !visibility.equals("private")) {
            throw invalid("'" + visibility + "' is not one of ['public', 'private']");
        }
        Object isProtected = body.getValue("protected", Boolean.FALSE);
        if (!(isProtected instanceof Boolean)) {
            throw invalid(isProtected + " is not of type 'boolean'");
        }
        List<JsonObject> associations = objects(body, "resource_type_associations");
        associations.forEach(a -> MetadefBodies.text(a, "name", 80, true, "namespace"));
        List<JsonObject> objects = objects(body, "objects");
        objects.forEach(o -> MetadefBodies.checkObject(o, "namespace"));
        JsonObject properties = body.getValue("properties") == null ? new JsonObject() : MetadefBodies.object(body,
                "properties", "namespace");
        properties.forEach(e -> MetadefBodies.checkProperty(e.getKey(), e.getValue(), "namespace"));
        List<JsonObject> tags = objects(body, "tags");
        tags.forEach(t -> MetadefBodies.text(t, "name", 255, true, "namespace"));
        return new NamespaceRequest(namespace, MetadefBodies.text(body, "display_name", 80, false, "namespace"),
                MetadefBodies.text(body, "description", 500, false, "namespace"),
                visibility == null ? "private" : visibility, (Boolean) isProtected,
                MetadefBodies.text(body, "owner", 255, false, "namespace"), associations, objects, properties, tags);
    }

    private static List<JsonObject> objects(JsonObject body, String field) {
        Object value = body.getValue(field);
        if (value == null) {
            return List.of();
        }
        if (!(value instanceof JsonArray array) || !array.stream().allMatch(JsonObject.class::isInstance)) {
            throw invalid("'" + field + "' is not an array of objects");
        }
        List<JsonObject> list = new ArrayList<>();
        array.forEach(o -> list.add((JsonObject) o));
        return list;
    }

    private static ApiException invalid(String reason) {
        return MetadefBodies.invalid("namespace", reason);
    }
}

package org.novalab.api.testing;

import io.vertx.core.json.JsonObject;
import java.util.Set;
import java.util.TreeSet;
import org.novalab.api.openapi.OpenApiDocument;

/** The request schemas of the served /openapi.json, for tests that hold them to a validator's field list. */
public final class OpenApiSchemas {
    private static final JsonObject SCHEMAS = OpenApiDocument.of(java.util.List.of()).json()
            .getJsonObject("components").getJsonObject("schemas");

    private OpenApiSchemas() {
    }

    /** The property names of the object under {@code member} in the named schema ({@code ServerCreateRequest}). */
    public static Set<String> properties(String schema, String member) {
        JsonObject object = SCHEMAS.getJsonObject(schema);
        if (member != null) {
            object = object.getJsonObject("properties").getJsonObject(member);
        }
        return new TreeSet<>(object.getJsonObject("properties").fieldNames());
    }

    /** Whether the schema refuses members it does not list, as the validator's allowOnly does. */
    public static boolean closed(String schema, String member) {
        JsonObject object = SCHEMAS.getJsonObject(schema);
        if (member != null) {
            object = object.getJsonObject("properties").getJsonObject(member);
        }
        return Boolean.FALSE.equals(object.getValue("additionalProperties"));
    }
}

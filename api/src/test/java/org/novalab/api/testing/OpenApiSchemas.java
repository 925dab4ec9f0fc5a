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

    /**
     * GET /openapi.json over HTTP/1.1. The JDK client's default asks to upgrade to h2c, and Vert.x's upgrade of a
     * connection that answers this large a body lost the framing once in the lab's test ("Frame type(101) ...
     * exceeds MAX_FRAME_SIZE"): a flake of the upgrade, not of the document, kept out of the document's tests.
     */
    public static JsonObject served(String baseUrl) throws Exception {
        java.net.http.HttpClient client = java.net.http.HttpClient.newBuilder()
                .version(java.net.http.HttpClient.Version.HTTP_1_1).build();
        java.net.http.HttpResponse<String> answer = client.send(java.net.http.HttpRequest.newBuilder(
                java.net.URI.create(baseUrl + "/openapi.json")).GET().build(),
                java.net.http.HttpResponse.BodyHandlers.ofString());
        if (answer.statusCode() != 200 || !answer.headers().firstValue("Content-Type").orElse("")
                .startsWith("application/json")) {
            throw new AssertionError("GET /openapi.json answered " + answer.statusCode() + " " + answer.headers());
        }
        return new JsonObject(answer.body());
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

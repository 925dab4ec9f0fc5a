package org.novalab.api.openapi;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.ServiceLoader;
import org.novalab.api.image.ImageRoutes;
import org.novalab.api.server.ApiExtension;

/**
 * The OpenAPI document GET /openapi.json serves: the api's own ({@code /openapi.json} on the api's classpath), its
 * Glance paths repeated under every further prefix the image API is mounted at ({@link ImageRoutes#PREFIXES}), and
 * each extension's fragment merged in. Assembled once at start and served as prepared bytes; a fragment that names a
 * path, tag or schema the document already has is a start-up error, never a silent overwrite.
 */
public final class OpenApiDocument {
    static final String RESOURCE = "/openapi.json";
    private final JsonObject document;
    private final Buffer bytes;

    private OpenApiDocument(JsonObject document) {
        this.document = document;
        this.bytes = Buffer.buffer(document.encode());
    }

    /** The api's document with the fragment of each extension merged: what a server with them serves. */
    public static OpenApiDocument assemble(List<ApiExtension> extensions) {
        return of(extensions.stream().map(ApiExtension::openApi).flatMap(java.util.Optional::stream).toList());
    }

    /** The extensions on the classpath, found as a server finds them. */
    public static OpenApiDocument ofClasspath() {
        return assemble(ServiceLoader.load(ApiExtension.class).stream().map(ServiceLoader.Provider::get).toList());
    }

    /** The api's document with {@code fragments} (each an OpenAPI object with paths, tags and components) merged. */
    public static OpenApiDocument of(List<JsonObject> fragments) {
        JsonObject document = new JsonObject(read(OpenApiDocument.class, RESOURCE));
        mirrorImagePaths(document);
        for (JsonObject fragment : fragments) {
            merge(document, fragment);
        }
        return new OpenApiDocument(document);
    }

    /** A fragment kept as a classpath resource beside the extension that serves its routes. */
    public static JsonObject fragment(Class<?> owner, String resource) {
        return new JsonObject(read(owner, resource));
    }

    /** A copy of the document. */
    public JsonObject json() {
        return document.copy();
    }

    /** The encoded document, prepared once. */
    public Buffer bytes() {
        return bytes;
    }

    /** Glance's paths are written once, under /v2; the router answers them under each prefix as well. */
    private static void mirrorImagePaths(JsonObject document) {
        JsonObject paths = document.getJsonObject("paths");
        for (String prefix : ImageRoutes.PREFIXES) {
            if (prefix.isEmpty()) {
                continue;
            }
            for (String path : List.copyOf(paths.fieldNames())) {
                if (path.startsWith("/v2/")) {
                    JsonObject item = paths.getJsonObject(path).copy();
                    for (Map.Entry<String, Object> entry : item) {
                        if (entry.getValue() instanceof JsonObject operation && operation.containsKey("operationId")) {
                            operation.put("operationId", operation.getString("operationId") + "Under"
                                    + Character.toUpperCase(prefix.charAt(1)) + prefix.substring(2));
                        }
                    }
                    add(paths, prefix + path, item, "the image API's prefix " + prefix);
                }
            }
        }
    }

    private static void merge(JsonObject document, JsonObject fragment) {
        String from = fragment.getJsonObject("info", new JsonObject()).getString("title", "an extension");
        JsonObject paths = document.getJsonObject("paths");
        fragment.getJsonObject("paths", new JsonObject())
                .forEach(e -> add(paths, e.getKey(), (JsonObject) e.getValue(), from));
        JsonArray tags = document.getJsonArray("tags", new JsonArray());
        for (Object tag : fragment.getJsonArray("tags", new JsonArray())) {
            String name = ((JsonObject) tag).getString("name");
            if (tags.stream().anyMatch(t -> name.equals(((JsonObject) t).getString("name")))) {
                throw new IllegalStateException(from + " declares the OpenAPI tag " + name + " a second time");
            }
            tags.add(tag);
        }
        document.put("tags", tags);
        JsonObject components = document.getJsonObject("components");
        fragment.getJsonObject("components", new JsonObject()).forEach(kind -> {
            JsonObject mine = components.getJsonObject(kind.getKey(), new JsonObject());
            ((JsonObject) kind.getValue()).forEach(e -> add(mine, e.getKey(), e.getValue(), from));
            components.put(kind.getKey(), mine);
        });
    }

    private static void add(JsonObject into, String key, Object value, String from) {
        if (into.containsKey(key)) {
            throw new IllegalStateException(from + " documents " + key + ", which /openapi.json already has");
        }
        into.put(key, value);
    }

    private static String read(Class<?> owner, String resource) {
        try (InputStream in = owner.getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException("no " + resource + " on the classpath of " + owner.getName());
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}

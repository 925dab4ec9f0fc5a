package org.novalab.api.image.metadef;

import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

/** The JSON schemas of Glance's metadef documents (hand-written resources under glance/metadefs). */
final class MetadefSchemas {
    private MetadefSchemas() {
    }

    /** @param kind namespace, namespaces, object, objects, property, properties, tag, tags, resource_type(s) */
    static JsonObject of(String kind) {
        try (InputStream in = MetadefSchemas.class.getResourceAsStream("/glance/metadefs/" + kind + ".json")) {
            return new JsonObject(new String(in.readAllBytes(), StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}

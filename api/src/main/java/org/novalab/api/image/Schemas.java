package org.novalab.api.image;

import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

/** Glance's JSON schemas of an image, an image list, a member and a member list (hand-written resources). */
final class Schemas {
    private static final JsonObject IMAGE = load("/glance/schema-image.json");
    private static final JsonObject IMAGES = load("/glance/schema-images.json");
    private static final JsonObject MEMBER = load("/glance/schema-member.json");
    private static final JsonObject MEMBERS = load("/glance/schema-members.json");

    private Schemas() {
    }

    static JsonObject image() {
        return IMAGE.copy();
    }

    static JsonObject images() {
        return IMAGES.copy();
    }

    static JsonObject member() {
        return MEMBER.copy();
    }

    static JsonObject members() {
        return MEMBERS.copy();
    }

    private static JsonObject load(String resource) {
        try (InputStream in = Schemas.class.getResourceAsStream(resource)) {
            return new JsonObject(new String(in.readAllBytes(), StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}

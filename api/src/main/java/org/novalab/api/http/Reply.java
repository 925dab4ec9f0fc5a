package org.novalab.api.http;

import io.vertx.core.json.JsonObject;
import java.util.LinkedHashMap;
import java.util.Map;

/** An answer computed off the event loop: status, JSON body (or none) and extra headers. */
public record Reply(int status, JsonObject body, Map<String, String> headers) {
    public static Reply ok(JsonObject body) {
        return new Reply(200, body, Map.of());
    }

    public static Reply of(int status, JsonObject body) {
        return new Reply(status, body, Map.of());
    }

    public static Reply noContent() {
        return new Reply(204, null, Map.of());
    }

    public Reply withHeader(String name, String value) {
        Map<String, String> copy = new LinkedHashMap<>(headers);
        copy.put(name, value);
        return new Reply(status, body, copy);
    }
}

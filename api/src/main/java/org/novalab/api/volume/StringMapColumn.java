package org.novalab.api.volume;

import io.vertx.core.json.JsonObject;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;

/**
 * A column holding a map of strings as one JSON object (a volume's or a snapshot's metadata, a QoS spec's keys):
 * keys sorted, so equal maps are equal text and answers list keys as Cinder does.
 */
final class StringMapColumn {
    private StringMapColumn() {
    }

    static Map<String, String> decode(String json) {
        Map<String, String> m = new TreeMap<>();
        new JsonObject(json).forEach(e -> m.put(e.getKey(), String.valueOf(e.getValue())));
        return m;
    }

    static String encode(Map<String, String> m) {
        return new JsonObject(new LinkedHashMap<String, Object>(new TreeMap<>(m))).encode();
    }
}

package org.novalab.api.compute;

import io.vertx.core.json.JsonObject;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Nova's {@code parameter_types.metadata}: an object whose keys match {@code [a-zA-Z0-9-_:. ]{1,255}} (any other key
 * is an additional property) and whose values are strings of at most 255 characters.
 */
public final class MetadataItems {
    public static final Pattern KEY = Pattern.compile("[a-zA-Z0-9-_:. ]{1,255}");

    private MetadataItems() {
    }

    public static Map<String, String> parse(Object value, String field) {
        JsonObject items = NovaSchema.keysMatching(value, KEY, field);
        Map<String, String> result = new LinkedHashMap<>();
        for (String key : items.fieldNames()) {
            result.put(key, NovaSchema.storedText(items.getValue(key), key, 255));
        }
        return result;
    }
}

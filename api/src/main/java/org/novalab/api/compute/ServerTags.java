package org.novalab.api.compute;

import io.vertx.core.json.JsonArray;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;
import org.novalab.api.http.ApiException;

/** Nova's server tags: up to 50 a server, each 1 to 60 characters without {@code /} or {@code ,}. */
public final class ServerTags {
    public static final int MAX_COUNT = 50;
    public static final int MAX_LENGTH = 60;
    private static final Pattern TAG = Pattern.compile("[^,/]*");

    private ServerTags() {
    }

    /** A list of tags in a body ({@code tags} of a server create or a tags update), checked as Nova's schema does. */
    public static Set<String> parseList(Object value) {
        JsonArray list = NovaSchema.array(value, "tags");
        if (list.size() > MAX_COUNT) {
            throw NovaSchema.invalid("tags", value, NovaSchema.repr(value) + " is too long");
        }
        Set<String> tags = new TreeSet<>();
        for (int i = 0; i < list.size(); i++) {
            tags.add(tag(list.getValue(i), Integer.toString(i)));
        }
        return tags;
    }

    /** One tag as the schema item checks it; {@code field} is the list index Nova names in its message. */
    static String tag(Object value, String field) {
        String text = NovaSchema.string(value, field, 0, Integer.MAX_VALUE);
        String reason = reason(text);
        if (reason != null) {
            throw NovaSchema.invalid(field, value, reason);
        }
        return text;
    }

    /** A tag named in a path ({@code PUT /servers/{id}/tags/{tag}}): Nova's words for one it will not take. */
    public static String pathTag(String tag) {
        String reason = reason(tag);
        if (reason != null) {
            throw ApiException.badRequest("Tag '" + tag + "' is invalid. It must be a non empty string without "
                    + "characters '/' and ','. Validation error message: " + reason);
        }
        return tag;
    }

    /** Why the schema refuses {@code text} (pattern, then length, as jsonschema checks them), or null. */
    private static String reason(String text) {
        if (!TAG.matcher(text).matches()) {
            return NovaSchema.repr(text) + " does not match '^[^,/]*$'";
        }
        if (text.isEmpty()) {
            return "'' is too short";
        }
        if (text.codePointCount(0, text.length()) > MAX_LENGTH) {
            return NovaSchema.repr(text) + " is too long";
        }
        if (text.indexOf('\0') >= 0) {
            return NovaSchema.repr(text) + " holds a NUL character, which novalab's databases cannot store";
        }
        return null;
    }
}

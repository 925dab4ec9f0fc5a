package org.novalab.api.compute;

import static org.novalab.api.compute.NovaSchema.invalid;
import static org.novalab.api.compute.NovaSchema.repr;

import io.vertx.core.json.JsonObject;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import java.util.regex.Pattern;

/**
 * The body of {@code POST /flavors}, checked as Nova's schemas
 * check them: a printable name, an id of letters, digits, {@code . _-} and inner spaces, sizes as integers within
 * a database integer, Nova's booleans, a description from 2.55.
 */
final class FlavorRequest {
    static final Set<String> FIELDS = Set.of("name", "id", "ram", "vcpus", "disk", "OS-FLV-EXT-DATA:ephemeral",
            "swap", "rxtx_factor", "os-flavor-access:is_public");
    private static final Pattern ID = Pattern.compile("(?! )[a-zA-Z0-9. _-]+(?<! )");
    private static final Pattern FACTOR = Pattern.compile("[0-9]+(\\.[0-9]+)?");
    /** The flavors table's columns: Nova allows a 255-character id and a 65535-character description. */
    private static final int ID_LENGTH = 64;
    private static final int DESCRIPTION_LENGTH = 1024;

    private FlavorRequest() {
    }

    static FlavorEntity parse(JsonObject body, Microversion version) {
        NovaSchema.allowOnly(body, Set.of("flavor"), null);
        NovaSchema.require(body, "flavor", null);
        JsonObject f = NovaSchema.object(body.getValue("flavor"), "flavor");
        Set<String> fields = new TreeSet<>(FIELDS);
        if (version.atLeast(55)) {
            fields.add("description");
        }
        NovaSchema.allowOnly(f, fields, "flavor");
        for (String required : new String[] {"name", "ram", "vcpus", "disk"}) {
            NovaSchema.require(f, required, "flavor");
        }
        String name = NovaSchema.name(f.getValue("name"), "name");
        String id = f.getValue("id") == null ? UUID.randomUUID().toString() : id(f.getValue("id"));
        if (f.containsKey("rxtx_factor")) {
            rxtxFactor(f.getValue("rxtx_factor"));
        }
        boolean isPublic = !f.containsKey("os-flavor-access:is_public")
                || NovaSchema.bool(f.getValue("os-flavor-access:is_public"), "os-flavor-access:is_public");
        return new FlavorEntity(id, name, size(f, "vcpus", 1), size(f, "ram", 1), size(f, "disk", 0),
                size(f, "OS-FLV-EXT-DATA:ephemeral", 0), size(f, "swap", 0), isPublic,
                NovaSchema.description(f.getValue("description"), "description", DESCRIPTION_LENGTH),
                Map.of());
    }

    private static String id(Object value) {
        if (value instanceof Number number) {
            return NovaSchema.string(number.toString(), "id", 1, ID_LENGTH);
        }
        String id = NovaSchema.string(value, "id", 1, ID_LENGTH);
        if (!ID.matcher(id).matches()) {
            throw invalid("id", value, repr(value) + " does not match '^" + ID.pattern() + "$'");
        }
        return id;
    }

    private static int size(JsonObject f, String field, int min) {
        return f.containsKey(field) ? (int) NovaSchema.integer(f.getValue(field), field, min, Integer.MAX_VALUE) : 0;
    }

    private static void rxtxFactor(Object value) {
        boolean valid = value instanceof Number n ? n.doubleValue() > 0 && n.doubleValue() <= 3.40282e38
                : value instanceof String s && FACTOR.matcher(s).matches() && Double.parseDouble(s) > 0;
        if (!valid) {
            throw invalid("rxtx_factor", value, repr(value) + " is not a positive number");
        }
    }

}

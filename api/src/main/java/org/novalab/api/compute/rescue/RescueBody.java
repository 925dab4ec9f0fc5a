package org.novalab.api.compute.rescue;

import io.vertx.core.json.JsonObject;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import org.novalab.api.compute.NovaSchema;

/**
 * A {@code rescue} action's body as Nova's schema reads it: {@code {"rescue": null}} or an object with only
 * {@code adminPass} (a string) and {@code rescue_image_ref} (a uuid). Unlike Nova's validator, a refusal never
 * shows the body back: it may hold the password.
 */
public record RescueBody(Optional<String> adminPass, Optional<String> rescueImageRef) {
    private static final String ACTION = "rescue";
    private static final Set<String> FIELDS = Set.of("adminPass", "rescue_image_ref");

    public static RescueBody parse(JsonObject body) {
        Object value = body.getValue(ACTION);
        if (value == null) {
            return new RescueBody(Optional.empty(), Optional.empty());
        }
        if (!(value instanceof JsonObject r)) {
            throw NovaSchema.invalid(ACTION, value, NovaSchema.notOfType(value, "object", "null"));
        }
        Set<String> unexpected = new TreeSet<>(r.fieldNames());
        unexpected.removeAll(FIELDS);
        if (!unexpected.isEmpty()) {
            throw NovaSchema.additional(r, unexpected, null);
        }
        Optional<String> pass = r.containsKey("adminPass") ? Optional.of(password(r.getValue("adminPass")))
                : Optional.empty();
        Optional<String> image = r.containsKey("rescue_image_ref")
                ? Optional.of(NovaSchema.uuid(r.getValue("rescue_image_ref"), "rescue_image_ref")) : Optional.empty();
        return new RescueBody(pass, image);
    }

    /** Nova's {@code admin_password} type: any string; a value of another type is no password to hide. */
    static String password(Object value) {
        return NovaSchema.string(value, "adminPass", 0, Integer.MAX_VALUE);
    }

    @Override
    public String toString() {
        return "RescueBody[rescueImageRef=" + rescueImageRef.orElse("-") + "]"; // never the password
    }
}

package org.novalab.api.compute.resize;

import io.vertx.core.json.JsonObject;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.novalab.api.compute.NovaSchema;

/**
 * A {@code resize} action's body as Nova's schema reads it: {@code flavorRef} (a non-empty string or an integer,
 * required) and {@code OS-DCF:diskConfig} ({@code AUTO} or {@code MANUAL}); nothing else.
 */
public record ResizeBody(String flavorRef, Optional<Boolean> autoDiskConfig) {
    private static final String ACTION = "resize";

    public static ResizeBody parse(JsonObject body) {
        JsonObject r = NovaSchema.object(body.getValue(ACTION), ACTION);
        NovaSchema.allowOnly(r, Set.of("flavorRef", "OS-DCF:diskConfig"), ACTION);
        NovaSchema.require(r, "flavorRef", ACTION);
        Object ref = r.getValue("flavorRef");
        String flavor;
        if (ref instanceof Integer || ref instanceof Long) {
            flavor = String.valueOf(ref);
        } else if (ref instanceof String text) {
            flavor = NovaSchema.string(text, "flavorRef", 1, Integer.MAX_VALUE);
        } else {
            throw NovaSchema.invalid("flavorRef", ref, NovaSchema.notOfType(ref, "string", "integer"));
        }
        Optional<Boolean> auto = r.containsKey("OS-DCF:diskConfig")
                ? Optional.of(NovaSchema.oneOf(r.getValue("OS-DCF:diskConfig"), "OS-DCF:diskConfig",
                        List.of("AUTO", "MANUAL")).equals("AUTO"))
                : Optional.empty();
        return new ResizeBody(flavor, auto);
    }
}

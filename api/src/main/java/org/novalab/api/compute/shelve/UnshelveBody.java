package org.novalab.api.compute.shelve;

import io.vertx.core.json.JsonObject;
import java.util.Optional;
import org.novalab.api.compute.Microversion;
import org.novalab.api.http.ApiException;

/**
 * Nova's unshelve body: {@code {"unshelve": null}}; from 2.77 also {@code {"unshelve": {"availability_zone": ...}}}
 * (nothing else in it).
 */
final class UnshelveBody {
    private UnshelveBody() {
    }

    static Optional<String> availabilityZone(JsonObject body, Microversion v) {
        Object value = body == null ? null : body.getValue("unshelve");
        if (value == null) {
            return Optional.empty();
        }
        if (!v.atLeast(77) || !(value instanceof JsonObject o)) {
            throw ApiException.badRequest("Invalid input for field/attribute unshelve. Value: " + value
                    + ". " + value + " is not of type 'null'");
        }
        for (String field : o.fieldNames()) {
            if (!field.equals("availability_zone")) {
                throw ApiException.badRequest("Invalid input for field/attribute unshelve. Value: " + o.encode()
                        + ". Additional properties are not allowed ('" + field + "' was unexpected)");
            }
        }
        Object zone = o.getValue("availability_zone");
        if (!(zone instanceof String z) || z.isEmpty() || z.length() > 255) {
            throw ApiException.badRequest("Invalid input for field/attribute availability_zone. Value: " + zone
                    + ". " + zone + " is not of type 'string'");
        }
        return Optional.of(z);
    }
}

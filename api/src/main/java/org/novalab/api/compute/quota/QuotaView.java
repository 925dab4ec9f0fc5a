package org.novalab.api.compute.quota;

import io.vertx.core.json.JsonObject;
import java.util.Map;
import java.util.Set;

/** Quota sets as Nova shows them: the resources of the microversion, with the set's id when it has one. */
final class QuotaView {
    private QuotaView() {
    }

    static JsonObject limits(String id, Map<QuotaResource, Integer> limits, Set<QuotaResource> shown) {
        JsonObject o = new JsonObject();
        if (id != null) {
            o.put("id", id);
        }
        shown.forEach(r -> o.put(r.key(), limits.get(r)));
        return o;
    }

    /** {@code detail}: each resource's limit, what is in use and what is reserved (always 0 since Nova's Pike). */
    static JsonObject detail(String id, Map<QuotaResource, Integer> limits, Map<QuotaResource, Long> used,
            Set<QuotaResource> shown) {
        JsonObject o = new JsonObject().put("id", id);
        shown.forEach(r -> o.put(r.key(), new JsonObject().put("in_use", used.get(r)).put("limit", limits.get(r))
                .put("reserved", 0)));
        return o;
    }
}

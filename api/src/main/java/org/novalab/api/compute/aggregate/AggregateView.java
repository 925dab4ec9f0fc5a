package org.novalab.api.compute.aggregate;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import org.novalab.api.compute.Microversion;
import org.novalab.api.compute.NovaTime;

/**
 * An aggregate as Nova's API shows it: its zone, hosts and metadata, the {@code deleted} and {@code deleted_at} that
 * Nova keeps showing though it deletes aggregates for good, and from 2.41 its uuid.
 */
final class AggregateView {
    private AggregateView() {
    }

    static JsonObject of(AggregateEntity a, Microversion v) {
        return created(a, v).put("hosts", new JsonArray(new ArrayList<Object>(a.hosts())))
                .put("metadata", new JsonObject(new LinkedHashMap<String, Object>(a.metadata())));
    }

    /** The answer to a create, which (as Nova's) leaves the hosts and the metadata out. */
    static JsonObject created(AggregateEntity a, Microversion v) {
        JsonObject o = new JsonObject().put("availability_zone", a.availabilityZone())
                .put("created_at", NovaTime.micros(a.createdAt())).put("deleted", false).putNull("deleted_at")
                .put("id", a.id()).put("name", a.name()).put("updated_at", NovaTime.micros(a.updatedAt()));
        if (v.atLeast(41)) {
            o.put("uuid", a.uuid());
        }
        return o;
    }
}

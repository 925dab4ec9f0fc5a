package org.novalab.api.compute;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

/** Flavors as Nova shows them, by microversion. */
public final class FlavorView {
    private FlavorView() {
    }

    public static JsonObject brief(String base, FlavorEntity f, Microversion v) {
        JsonObject o = new JsonObject().put("id", f.id()).put("name", f.name()).put("links", links(base, f.id()));
        if (v.atLeast(55)) {
            o.put("description", f.description());
        }
        return o;
    }

    public static JsonObject detail(String base, FlavorEntity f, Microversion v) {
        JsonObject o = new JsonObject().put("id", f.id()).put("name", f.name()).put("ram", f.ramMb())
                .put("vcpus", f.vcpus()).put("disk", f.rootGb()).put("OS-FLV-EXT-DATA:ephemeral", f.ephemeralGb())
                .put("OS-FLV-DISABLED:disabled", false).put("os-flavor-access:is_public", f.isPublic())
                .put("rxtx_factor", 1.0).put("links", links(base, f.id()));
        if (v.atLeast(75)) {
            o.put("swap", f.swapMb());
        } else {
            o.put("swap", f.swapMb() == 0 ? "" : (Object) f.swapMb());
        }
        if (v.atLeast(55)) {
            o.put("description", f.description());
        }
        if (v.atLeast(61)) {
            o.put("extra_specs", new JsonObject(new java.util.LinkedHashMap<>(f.extraSpecs())));
        }
        return o;
    }

    /**
     * The flavor embedded in a server, from the server's own copy of it (the flavor may be gone): a link before 2.47,
     * the flavor's values from 2.47 on.
     */
    static JsonObject embedded(String base, InstanceEntity.FlavorCopy f, Microversion v) {
        if (!v.atLeast(47)) {
            return new JsonObject().put("id", f.id()).put("links",
                    new JsonArray().add(new JsonObject().put("rel", "bookmark").put("href", base + "/flavors/" + f.id())));
        }
        return new JsonObject().put("vcpus", f.vcpus()).put("ram", f.ramMb()).put("disk", f.rootGb())
                .put("ephemeral", f.ephemeralGb()).put("swap", f.swapMb()).put("original_name", f.name())
                .put("extra_specs", new JsonObject(new java.util.LinkedHashMap<String, Object>(f.extraSpecs())));
    }

    private static JsonArray links(String base, String id) {
        return new JsonArray()
                .add(new JsonObject().put("rel", "self").put("href", base + "/v2.1/flavors/" + id))
                .add(new JsonObject().put("rel", "bookmark").put("href", base + "/flavors/" + id));
    }
}

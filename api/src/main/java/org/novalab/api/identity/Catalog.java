package org.novalab.api.identity;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

/** The service catalog: every endpoint points back at this novalab server, at the address the client used. */
public final class Catalog {
    public static final String REGION = "RegionOne";

    private Catalog() {
    }

    public static JsonArray forBaseUrl(String base) {
        return new JsonArray()
                .add(service("compute", "nova", base + "/v2.1"))
                .add(service("image", "glance", base + "/image"))
                .add(service("identity", "keystone", base + "/identity"));
    }

    private static JsonObject service(String type, String name, String url) {
        JsonArray endpoints = new JsonArray();
        for (String iface : new String[] {"public", "internal", "admin"}) {
            endpoints.add(new JsonObject().put("id", IdentityService.sha256(name + iface).substring(0, 32))
                    .put("interface", iface).put("region", REGION).put("region_id", REGION).put("url", url));
        }
        return new JsonObject().put("id", IdentityService.sha256(type).substring(0, 32)).put("type", type)
                .put("name", name).put("endpoints", endpoints);
    }
}

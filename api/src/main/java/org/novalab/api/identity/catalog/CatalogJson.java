package org.novalab.api.identity.catalog;

import io.vertx.core.json.JsonObject;
import org.novalab.api.identity.KeystoneJson;

/** The catalog's bodies as Keystone shows them: extras beside Keystone's own attributes, and a {@code links.self}. */
final class CatalogJson {
    private CatalogJson() {
    }

    static JsonObject region(KeystoneJson json, RegionEntity r) {
        return r.extra().put("id", r.id()).put("description", r.description())
                .put("parent_region_id", r.parentRegionId()).put("links", json.self("regions", r.id()));
    }

    static JsonObject service(KeystoneJson json, CatalogServiceEntity s) {
        return s.extra().put("id", s.id()).put("type", s.type()).put("name", s.name()).put("enabled", s.enabled())
                .put("links", json.self("services", s.id()));
    }

    /** An endpoint, with its region also as v3.0's {@code region}. The URL as stored: templates unfilled. */
    static JsonObject endpoint(KeystoneJson json, EndpointEntity e) {
        return e.extra().put("id", e.id()).put("service_id", e.serviceId()).put("interface", e.interfaceName())
                .put("region_id", e.regionId()).put("region", e.regionId()).put("url", e.url())
                .put("enabled", e.enabled()).put("links", json.self("endpoints", e.id()));
    }
}

package org.novalab.api.identity.catalog;

import io.vertx.core.json.JsonObject;

/** What a create or an update of a catalog resource says; null fields were not given. */
final class CatalogFields {
    private CatalogFields() {
    }

    record Region(String id, String description, boolean descriptionGiven, String parentRegionId,
            boolean parentGiven, JsonObject extra) {
    }

    record Service(String type, String name, Boolean enabled, JsonObject extra) {
    }

    /** {@code regionGiven}: the request named a region (or null, for none), which an update then sets. */
    record Endpoint(String serviceId, String interfaceName, String regionId, boolean regionGiven, String url,
            Boolean enabled, JsonObject extra) {
    }
}

package org.novalab.api.identity.catalog;

import io.vertx.core.json.JsonObject;
import java.util.Set;
import org.novalab.api.http.ApiException;
import org.novalab.api.http.JsonBody;
import org.novalab.api.identity.KeystoneRequests;

/**
 * Reading the catalog's request bodies as Keystone's catalog schemas do: typed fields of bounded length, an
 * endpoint's interface one of three, its URL a URL whose substitutions Keystone knows; any other attribute is kept
 * as an extra one.
 */
final class CatalogRequests {
    static final int ID_LENGTH = 255;
    static final int DESCRIPTION_LENGTH = 255;
    static final int NAME_LENGTH = 255;
    static final int URL_LENGTH = 225;
    static final Set<String> INTERFACES = Set.of("admin", "internal", "public");
    private static final Set<String> REGION_FIELDS = Set.of("id", "description", "parent_region_id", "links");
    private static final Set<String> SERVICE_FIELDS = Set.of("id", "type", "name", "enabled", "links");
    private static final Set<String> ENDPOINT_FIELDS = Set.of("id", "service_id", "interface", "region_id",
            "region", "url", "enabled", "links", "legacy_endpoint_id");

    private CatalogRequests() {
    }

    /** A region's id, description, parent and extras; on an update at least one of them. */
    static CatalogFields.Region region(JsonObject r, boolean create) {
        if (!create && r.isEmpty()) {
            throw ApiException.badRequest("Invalid input for field 'region': {} does not have enough properties");
        }
        String id = JsonBody.optionalString(r, "id", ID_LENGTH);
        String parent = JsonBody.optionalString(r, "parent_region_id", ID_LENGTH);
        if (parent != null && parent.isEmpty()) {
            throw ApiException.badRequest("Invalid input for field 'parent_region_id': '' is too short");
        }
        return new CatalogFields.Region(id == null || id.isEmpty() ? null : id,
                JsonBody.optionalString(r, "description", DESCRIPTION_LENGTH), r.containsKey("description"),
                parent, r.containsKey("parent_region_id"), KeystoneRequests.extra(r, REGION_FIELDS));
    }

    /** A service: its type (required on create), name, enabled flag and extras (a description). */
    static CatalogFields.Service service(JsonObject s, boolean create) {
        if (!create && s.isEmpty()) {
            throw ApiException.badRequest("Invalid input for field 'service': {} does not have enough properties");
        }
        String type = create ? JsonBody.requireString(s, "type", NAME_LENGTH)
                : nonEmpty(s, "type", JsonBody.optionalString(s, "type", NAME_LENGTH));
        return new CatalogFields.Service(type, nonEmpty(s, "name", JsonBody.optionalString(s, "name", NAME_LENGTH)),
                enabled(s), KeystoneRequests.extra(s, SERVICE_FIELDS));
    }

    /**
     * An endpoint: service, interface and URL (required on create), its region as {@code region_id} or as the
     * {@code region} of v3.0 (which Keystone creates when it does not exist), enabled flag and extras.
     */
    static CatalogFields.Endpoint endpoint(JsonObject e, boolean create) {
        if (!create && e.isEmpty()) {
            throw ApiException.badRequest("Invalid input for field 'endpoint': {} does not have enough properties");
        }
        String service = create ? JsonBody.requireString(e, "service_id") : JsonBody.optionalString(e, "service_id");
        String iface = create ? JsonBody.requireString(e, "interface") : JsonBody.optionalString(e, "interface");
        if (iface != null && !INTERFACES.contains(iface)) {
            throw ApiException.badRequest("Invalid input for field 'interface': '" + iface
                    + "' is not one of ['admin', 'internal', 'public']");
        }
        String url = create ? JsonBody.requireString(e, "url") : JsonBody.optionalString(e, "url");
        if (url != null) {
            if (url.length() > URL_LENGTH) {
                throw ApiException.badRequest("Invalid input for field 'url': '" + url + "' is too long");
            }
            if (!url.matches("^[a-zA-Z0-9+.-]+:.+")) {
                throw ApiException.badRequest("Invalid input for field 'url': '" + url
                        + "' does not match '^[a-zA-Z0-9+.-]+:.+'");
            }
            EndpointUrl.requireValid(url);
        }
        String regionId = JsonBody.optionalString(e, "region_id", ID_LENGTH);
        String legacyRegion = JsonBody.optionalString(e, "region", ID_LENGTH);
        boolean regionGiven = e.containsKey("region_id") || e.containsKey("region");
        return new CatalogFields.Endpoint(service, iface, regionId != null ? regionId : legacyRegion,
                regionGiven, url, enabled(e), KeystoneRequests.extra(e, ENDPOINT_FIELDS));
    }

    /** Whether the region came as v3.0's {@code region} only: then a missing one is created. */
    static boolean legacyRegion(JsonObject e) {
        return e.getValue("region_id") == null && e.getValue("region") != null;
    }

    private static Boolean enabled(JsonObject o) {
        return o.containsKey("enabled") ? JsonBody.optionalBoolean(o, "enabled", true) : null;
    }

    private static String nonEmpty(JsonObject o, String field, String value) {
        if (value != null && value.isEmpty()) {
            throw ApiException.badRequest("Invalid input for field '" + field + "': '' is too short");
        }
        return value;
    }
}

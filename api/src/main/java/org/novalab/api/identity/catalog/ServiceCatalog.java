package org.novalab.api.identity.catalog;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.novalab.api.identity.IdentityStore;

/**
 * The service catalog a token carries and {@code GET /v3/auth/catalog} shows: the enabled services with their
 * enabled endpoints, each URL filled in for the token (an endpoint whose URL needs a project is left out of a token
 * without one, as Keystone does). A project associated with endpoint groups sees only their endpoints, and only
 * the services left with one.
 */
public final class ServiceCatalog {
    private final IdentityStore store;

    public ServiceCatalog(IdentityStore store) {
        this.store = store;
    }

    /**
     * @param publicEndpoint the address the client reached this server at
     * @param projectId the token's project, or null
     */
    public JsonArray forToken(String publicEndpoint, String userId, String projectId) {
        Map<String, String> values = new HashMap<>();
        values.put("public_endpoint", publicEndpoint);
        values.put("user_id", userId);
        if (projectId != null) {
            values.put("project_id", projectId);
            values.put("tenant_id", projectId);
        }
        return store.read(s -> {
            List<CatalogServiceEntity> services = s.createSelectionQuery("from CatalogServiceEntity where enabled = true order by id",
                    CatalogServiceEntity.class).list();
            List<EndpointEntity> endpoints = s.createSelectionQuery(
                    "from EndpointEntity where enabled = true order by id", EndpointEntity.class).list();
            List<EndpointGroupEntity> groups = projectId == null ? List.of()
                    : EndpointGroups.ofProject(s, projectId);
            if (!groups.isEmpty()) {
                endpoints = endpoints.stream().filter(e -> groups.stream().anyMatch(g -> g.matches(e))).toList();
            }
            JsonArray catalog = new JsonArray();
            for (CatalogServiceEntity service : services) {
                JsonArray listed = new JsonArray();
                endpoints.stream().filter(e -> e.serviceId().equals(service.id())).forEach(e ->
                        EndpointUrl.format(e.url(), values).ifPresent(url -> listed.add(new JsonObject()
                                .put("id", e.id()).put("interface", e.interfaceName()).put("region", e.regionId())
                                .put("region_id", e.regionId()).put("url", url))));
                if (listed.isEmpty() && !groups.isEmpty()) {
                    continue;
                }
                catalog.add(new JsonObject().put("endpoints", listed).put("id", service.id())
                        .put("type", service.type()).put("name", service.name()));
            }
            return catalog;
        });
    }
}

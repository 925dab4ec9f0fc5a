package org.novalab.api.identity.catalog;

import java.util.List;
import org.hibernate.Session;
import org.novalab.api.http.ApiException;
import org.novalab.api.identity.Filter;
import org.novalab.api.identity.IdentityService;
import org.novalab.api.identity.IdentityStore;
import org.novalab.api.identity.KeystoneValidation;

/**
 * Keystone's endpoints: the service and region they belong to must exist (a 400, in Keystone's words, when not),
 * except that a region named the v3.0 way ({@code region}) is created when missing, as Keystone does for old clients.
 */
public final class Endpoints {
    private final IdentityStore store;

    public Endpoints(IdentityStore store) {
        this.store = store;
    }

    List<EndpointEntity> list(String interfaceName, String serviceId, String regionId) {
        return store.read(s -> Filter.of("interfaceName", interfaceName, "serviceId", serviceId, "regionId", regionId)
                .list(s, EndpointEntity.class, "id"));
    }

    EndpointEntity endpoint(String id) {
        return store.read(s -> require(s, id));
    }

    /** A new endpoint; like Keystone, novalab makes its id (one in the body is not used). */
    EndpointEntity create(CatalogFields.Endpoint f, boolean legacyRegion) {
        return store.change(s -> {
            checkReferences(s, f, legacyRegion);
            EndpointEntity e = new EndpointEntity(IdentityService.newId(), f.serviceId(), f.interfaceName(), f.regionId(), f.url(),
                    f.enabled() == null || f.enabled(), f.extra());
            s.persist(e);
            return e;
        });
    }

    EndpointEntity update(String id, CatalogFields.Endpoint f, boolean legacyRegion) {
        return store.change(s -> {
            checkReferences(s, f, legacyRegion);
            EndpointEntity e = require(s, id);
            e.update(f);
            return e;
        });
    }

    void delete(String id) {
        store.change(s -> {
            s.remove(require(s, id));
            return null;
        });
    }

    static EndpointEntity require(Session s, String id) {
        EndpointEntity e = id == null ? null : s.get(EndpointEntity.class, id);
        if (e == null) {
            throw ApiException.notFound("Could not find endpoint: " + id + ".");
        }
        return e;
    }

    private static void checkReferences(Session s, CatalogFields.Endpoint f, boolean legacyRegion) {
        if (f.regionId() != null && s.get(RegionEntity.class, f.regionId()) == null) {
            if (!legacyRegion) {
                throw KeystoneValidation.expecting("endpoint region_id", "region table");
            }
            Regions.create(s, new CatalogFields.Region(f.regionId(), null, false, null, false,
                    new io.vertx.core.json.JsonObject()));
        }
        if (f.serviceId() != null && s.get(CatalogServiceEntity.class, f.serviceId()) == null) {
            throw KeystoneValidation.expecting("endpoint service_id", "service table");
        }
    }
}

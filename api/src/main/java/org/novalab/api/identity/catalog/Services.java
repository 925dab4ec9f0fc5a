package org.novalab.api.identity.catalog;

import java.util.List;
import org.hibernate.Session;
import org.novalab.api.http.ApiException;
import org.novalab.api.identity.Filter;
import org.novalab.api.identity.IdentityService;
import org.novalab.api.identity.IdentityStore;

/** Keystone's services: a type, a name, and whether tokens list them; a service's endpoints go with it. */
public final class Services {
    private final IdentityStore store;

    public Services(IdentityStore store) {
        this.store = store;
    }

    List<CatalogServiceEntity> list(String type, String name) {
        return store.read(s -> Filter.of("type", type, "name", name).list(s, CatalogServiceEntity.class, "id"));
    }

    CatalogServiceEntity service(String id) {
        return store.read(s -> require(s, id));
    }

    CatalogServiceEntity create(CatalogFields.Service f) {
        return store.change(s -> {
            CatalogServiceEntity service = new CatalogServiceEntity(IdentityService.newId(), f.type(),
                    f.name() == null ? "" : f.name(), f.enabled() == null || f.enabled(), f.extra());
            s.persist(service);
            return service;
        });
    }

    CatalogServiceEntity update(String id, CatalogFields.Service f) {
        return store.change(s -> {
            CatalogServiceEntity service = require(s, id);
            service.update(f);
            return service;
        });
    }

    void delete(String id) {
        store.change(s -> {
            CatalogServiceEntity service = require(s, id);
            s.createMutationQuery("delete from EndpointEntity e where e.serviceId = :id").setParameter("id", id)
                    .executeUpdate();
            s.remove(service);
            return null;
        });
    }

    static CatalogServiceEntity require(Session s, String id) {
        CatalogServiceEntity service = id == null ? null : s.get(CatalogServiceEntity.class, id);
        if (service == null) {
            throw ApiException.notFound("Could not find service: " + id + ".");
        }
        return service;
    }
}

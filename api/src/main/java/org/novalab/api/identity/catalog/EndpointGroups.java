package org.novalab.api.identity.catalog;

import io.vertx.core.json.JsonObject;
import java.util.List;
import java.util.Set;
import org.hibernate.Session;
import org.novalab.api.http.ApiException;
import org.novalab.api.identity.Filter;
import org.novalab.api.identity.IdentityService;
import org.novalab.api.identity.IdentityStore;
import org.novalab.api.identity.KeystoneValidation;
import org.novalab.api.identity.Lookup;
import org.novalab.api.identity.ProjectEntity;

/**
 * OS-EP-FILTER's endpoint groups and their projects. A project associated with groups gets, in its tokens'
 * catalog, the endpoints of those groups only ({@link ServiceCatalog}).
 */
public final class EndpointGroups {
    static final Set<String> FILTER_KEYS = Set.of("service_id", "region_id", "interface");
    /** The column that holds them. */
    private static final int FILTERS_LENGTH = 4096;
    private final IdentityStore store;

    public EndpointGroups(IdentityStore store) {
        this.store = store;
    }

    List<EndpointGroupEntity> list(String name) {
        return store.read(s -> Filter.of("name", name).list(s, EndpointGroupEntity.class, "id"));
    }

    EndpointGroupEntity group(String id) {
        return store.read(s -> require(s, id));
    }

    EndpointGroupEntity create(String name, String description, JsonObject filters) {
        if (filters == null || filters.isEmpty()) {
            throw ApiException.badRequest("filters field is required and cannot be empty");
        }
        requireValid(filters);
        return store.change(s -> {
            EndpointGroupEntity g = new EndpointGroupEntity(IdentityService.newId(), name, description, filters);
            s.persist(g);
            return g;
        });
    }

    EndpointGroupEntity update(String id, String name, String description, boolean descriptionGiven,
            JsonObject filters) {
        if (filters != null) {
            requireValid(filters);
        }
        return store.change(s -> {
            EndpointGroupEntity g = require(s, id);
            g.update(name, description, descriptionGiven, filters);
            return g;
        });
    }

    void delete(String id) {
        store.change(s -> {
            s.remove(require(s, id));
            return null;
        });
    }

    /** The endpoints the group's filters match. */
    List<EndpointEntity> endpoints(String id) {
        return store.read(s -> {
            EndpointGroupEntity g = require(s, id);
            return s.createSelectionQuery("from EndpointEntity order by id", EndpointEntity.class).list().stream()
                    .filter(g::matches).toList();
        });
    }

    void associate(String id, String projectId) {
        store.change(s -> {
            Lookup.requireProject(s, projectId);
            require(s, id);
            if (s.get(EndpointGroupProjectEntity.class, new EndpointGroupProjectEntity.Key(id, projectId)) == null) {
                s.persist(new EndpointGroupProjectEntity(id, projectId));
            }
            return null;
        });
    }

    void requireAssociation(String id, String projectId) {
        store.read(s -> association(s, id, projectId));
    }

    void dissociate(String id, String projectId) {
        store.change(s -> {
            s.remove(association(s, id, projectId));
            return null;
        });
    }

    List<ProjectEntity> projects(String id) {
        return store.read(s -> {
            require(s, id);
            return s.createSelectionQuery("select p from ProjectEntity p, EndpointGroupProjectEntity a where "
                    + "a.key.projectId = p.id and a.key.endpointGroupId = :g order by p.id", ProjectEntity.class)
                    .setParameter("g", id).list();
        });
    }

    List<EndpointGroupEntity> ofProject(String projectId) {
        return store.read(s -> {
            Lookup.requireProject(s, projectId);
            return ofProject(s, projectId);
        });
    }

    static List<EndpointGroupEntity> ofProject(Session s, String projectId) {
        return s.createSelectionQuery("select g from EndpointGroupEntity g, EndpointGroupProjectEntity a where "
                + "a.key.endpointGroupId = g.id and a.key.projectId = :p order by g.id", EndpointGroupEntity.class)
                .setParameter("p", projectId).list();
    }

    private static EndpointGroupProjectEntity association(Session s, String id, String projectId) {
        Lookup.requireProject(s, projectId);
        require(s, id);
        EndpointGroupProjectEntity a = s.get(EndpointGroupProjectEntity.class,
                new EndpointGroupProjectEntity.Key(id, projectId));
        if (a == null) {
            throw ApiException.notFound("Endpoint Group Project Association not found");
        }
        return a;
    }

    static EndpointGroupEntity require(Session s, String id) {
        EndpointGroupEntity g = id == null ? null : s.get(EndpointGroupEntity.class, id);
        if (g == null) {
            throw ApiException.notFound("Could not find Endpoint Group: " + id + ".");
        }
        return g;
    }

    private static void requireValid(JsonObject filters) {
        if (filters.encode().length() > FILTERS_LENGTH) {
            throw ApiException.badRequest("Invalid input for field 'filters': longer than " + FILTERS_LENGTH
                    + " characters of JSON");
        }
        for (String key : filters.fieldNames()) {
            if (!FILTER_KEYS.contains(key)) {
                throw KeystoneValidation.expecting("service_id or region_id or interface", "endpoint_group");
            }
        }
        Object iface = filters.getValue("interface");
        if (iface != null && !CatalogRequests.INTERFACES.contains(iface)) {
            throw ApiException.badRequest("Invalid input for field 'interface': '" + iface
                    + "' is not one of ['admin', 'internal', 'public']");
        }
    }
}

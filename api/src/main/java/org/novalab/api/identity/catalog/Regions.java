package org.novalab.api.identity.catalog;

import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.hibernate.Session;
import org.novalab.api.http.ApiException;
import org.novalab.api.identity.Filter;
import org.novalab.api.identity.IdentityService;
import org.novalab.api.identity.IdentityStore;

/**
 * Keystone's regions: a tree of ids (given by the caller or made up), each with a description. A region whose tree
 * holds an endpoint cannot be deleted; deleting one deletes the regions below it.
 */
public final class Regions {
    private final IdentityStore store;

    public Regions(IdentityStore store) {
        this.store = store;
    }

    List<RegionEntity> list(String parentRegionId) {
        return store.read(s -> Filter.of("parentRegionId", parentRegionId).list(s, RegionEntity.class, "id"));
    }

    RegionEntity region(String id) {
        return store.read(s -> require(s, id));
    }

    RegionEntity create(CatalogFields.Region f) {
        return store.change(s -> create(s, f));
    }

    /** A region made in the transaction of an endpoint that names it as v3.0's {@code region}. */
    static RegionEntity create(Session s, CatalogFields.Region f) {
        String id = f.id() != null ? f.id() : IdentityService.newId();
        if (s.get(RegionEntity.class, id) != null) {
            throw ApiException.conflict("Conflict occurred attempting to store region - Duplicate ID, " + id + ".");
        }
        if (f.parentRegionId() != null) {
            require(s, f.parentRegionId());
        }
        RegionEntity r = new RegionEntity(id, f.description() == null ? "" : f.description(), f.parentRegionId(),
                f.extra());
        s.persist(r);
        return r;
    }

    RegionEntity update(String id, CatalogFields.Region f) {
        return store.change(s -> {
            if (f.parentGiven() && f.parentRegionId() != null) {
                require(s, f.parentRegionId());
            }
            RegionEntity r = require(s, id);
            if (f.parentGiven()) {
                requireNoCircle(s, id, f.parentRegionId());
                r.moveUnder(f.parentRegionId());
            }
            if (f.descriptionGiven()) {
                r.describe(f.description() == null ? "" : f.description());
            }
            r.extend(f.extra());
            return r;
        });
    }

    void delete(String id) {
        store.change(s -> {
            RegionEntity r = require(s, id);
            List<String> tree = tree(s, id);
            Long endpoints = s.createSelectionQuery("select count(e) from EndpointEntity e where e.regionId in :ids",
                    Long.class).setParameter("ids", tree).uniqueResult();
            if (endpoints > 0) {
                throw ApiException.forbidden("Unable to delete region " + id
                        + " because it or its child regions have associated endpoints.");
            }
            for (String child : tree) {
                if (!child.equals(id)) {
                    s.remove(s.get(RegionEntity.class, child));
                }
            }
            s.remove(r);
            return null;
        });
    }

    static RegionEntity require(Session s, String id) {
        RegionEntity r = id == null ? null : s.get(RegionEntity.class, id);
        if (r == null) {
            throw ApiException.notFound("Could not find region: " + id + ".");
        }
        return r;
    }

    /** The region and every one below it, parents first. */
    private static List<String> tree(Session s, String id) {
        List<String> ids = new java.util.ArrayList<>(List.of(id));
        Set<String> seen = new HashSet<>(ids);
        for (int i = 0; i < ids.size(); i++) {
            for (RegionEntity child : Filter.of("parentRegionId", ids.get(i)).list(s, RegionEntity.class, "id")) {
                if (seen.add(child.id())) {
                    ids.add(child.id());
                }
            }
        }
        return ids;
    }

    /** Keystone's 400 for a parent that is the region itself or one below it. */
    private static void requireNoCircle(Session s, String id, String parent) {
        for (String p = parent; p != null; p = s.get(RegionEntity.class, p).parentRegionId()) {
            if (p.equals(id)) {
                throw ApiException.badRequest("The specified parent region " + parent
                        + " would create a circular region hierarchy.");
            }
        }
    }
}

package org.novalab.api.identity;

import java.util.List;
import org.hibernate.Session;
import org.novalab.api.http.ApiException;

/**
 * Keystone's roles: global ones (the default admin, member and reader, immutable, and those an admin adds) and
 * domain-specific ones, named within their domain. A list without a domain lists the global roles, as Keystone's
 * does. Deleting a role deletes its grants and the rules that name it.
 */
public final class Roles {
    private final IdentityStore store;

    public Roles(IdentityService identity) {
        this.store = identity.store();
    }

    /** What a create or an update says; null fields were not given. */
    public record RoleFields(String name, String description, String domainId) {
    }

    /** The roles of the domain, or the global ones when {@code domainId} is null; by name when one is given. */
    public List<RoleEntity> roles(String name, String domainId) {
        return store.read(s -> inDomain(s, name, domainId));
    }

    public RoleEntity role(String id) {
        return store.read(s -> Lookup.requireRole(s, id));
    }

    public RoleEntity create(RoleFields f) {
        return store.change(s -> {
            if (f.domainId() != null) {
                Lookup.requireDomain(s, f.domainId());
            }
            requireFreeName(s, f.name(), f.domainId());
            RoleEntity r = new RoleEntity(IdentityService.newId(), f.name(), f.description(), f.domainId());
            s.persist(r);
            return r;
        });
    }

    public RoleEntity update(String id, RoleFields f) {
        return store.change(s -> {
            RoleEntity r = Lookup.requireRole(s, id);
            if (r.immutable()) {
                throw immutable("update", id);
            }
            if (f.domainId() != null && !f.domainId().equals(r.domainId())) {
                throw ApiException.badRequest("Update of `domain_id` is not allowed.");
            }
            if (f.name() != null && !f.name().equals(r.name())) {
                requireFreeName(s, f.name(), r.domainId());
                r.rename(f.name());
            }
            if (f.description() != null) {
                r.describe(f.description());
            }
            return r;
        });
    }

    /** Deletes a role, its grants and the inference rules that name it; the default roles, which policy needs, stay. */
    public void delete(String id) {
        store.change(s -> {
            RoleEntity r = Lookup.requireRole(s, id);
            if (r.immutable()) {
                throw immutable("delete", id);
            }
            Dependents.ofRole(s, id);
            s.remove(r);
            return null;
        });
    }

    private static List<RoleEntity> inDomain(Session s, String name, String domainId) {
        var q = s.createSelectionQuery("from RoleEntity r where " + (domainId == null ? "r.domainId is null"
                : "r.domainId = :d") + (name == null ? "" : " and r.name = :n") + " order by r.name",
                RoleEntity.class);
        if (domainId != null) {
            q.setParameter("d", domainId);
        }
        if (name != null) {
            q.setParameter("n", name);
        }
        return q.list();
    }

    /** Names are unique among the global roles and within a domain (the database checks only the latter). */
    private static void requireFreeName(Session s, String name, String domainId) {
        if (!inDomain(s, name, domainId).isEmpty()) {
            throw Directory.duplicate("role", "name " + name + (domainId == null ? "" : " at domain ID " + domainId));
        }
    }

    private static ApiException immutable(String verb, String id) {
        return ApiException.forbidden("Unable to " + verb + " immutable role resource: `" + id
                + ". Set resource option \"immutable\" to false first.");
    }
}

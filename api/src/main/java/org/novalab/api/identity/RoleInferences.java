package org.novalab.api.identity;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.hibernate.Session;
import org.novalab.api.http.ApiException;

/**
 * Keystone's role inference rules ({@code /v3/roles/{prior}/implies/{implied}}): whoever holds the prior role holds
 * the implied one too, in tokens and in effective role assignments. As in Keystone, no role may imply admin, and a
 * global role may not imply a domain-specific one (a domain role may imply any). The default rules, admin implies
 * member implies reader, are rows like any other.
 */
public final class RoleInferences {
    /** Keystone's {@code [assignment] prohibited_implied_role}, at its default. */
    private static final Set<String> PROHIBITED = Set.of(Role.ADMIN.id());
    private final IdentityStore store;

    public RoleInferences(IdentityService identity) {
        this.store = identity.store();
    }

    public record Rule(RoleEntity prior, RoleEntity implied) {
    }

    public Rule create(String priorId, String impliedId) {
        return store.change(s -> {
            RoleEntity prior = Lookup.requireRole(s, priorId);
            RoleEntity implied = Lookup.requireRole(s, impliedId);
            if (PROHIBITED.contains(implied.name())) {
                throw ApiException.forbidden(impliedId + " cannot be an implied roles.");
            }
            if (prior.global() && !implied.global()) {
                throw ApiException.forbidden("Global role cannot imply a domain-specific role");
            }
            if (find(s, priorId, impliedId) != null) {
                throw ApiException.conflict("Conflict occurred attempting to store implied_role - Duplicate entry.");
            }
            s.persist(new RoleImplicationEntity(priorId, impliedId));
            return new Rule(prior, implied);
        });
    }

    /** @throws ApiException 404 when either role is unknown or the prior one does not imply the other */
    public Rule rule(String priorId, String impliedId) {
        return store.read(s -> require(s, priorId, impliedId));
    }

    public void delete(String priorId, String impliedId) {
        store.change(s -> {
            require(s, priorId, impliedId);
            s.remove(find(s, priorId, impliedId));
            return null;
        });
    }

    /** The roles the prior one implies directly. */
    public List<RoleEntity> impliedBy(String priorId) {
        return store.read(s -> {
            Lookup.requireRole(s, priorId);
            return s.createSelectionQuery("select r from RoleImplicationEntity i, RoleEntity r where "
                    + "i.key.priorRoleId = :p and r.id = i.key.impliedRoleId order by r.name", RoleEntity.class)
                    .setParameter("p", priorId).list();
        });
    }

    /** Every rule, by prior role: the roles each implies directly. */
    public Map<RoleEntity, List<RoleEntity>> all() {
        return store.read(s -> {
            Map<RoleEntity, List<RoleEntity>> rules = new LinkedHashMap<>();
            for (RoleImplicationEntity i : s.createSelectionQuery("from RoleImplicationEntity i order by "
                    + "i.key.priorRoleId, i.key.impliedRoleId", RoleImplicationEntity.class).list()) {
                rules.computeIfAbsent(s.get(RoleEntity.class, i.priorRoleId()), k -> new ArrayList<>())
                        .add(s.get(RoleEntity.class, i.impliedRoleId()));
            }
            return rules;
        });
    }

    private static Rule require(Session s, String priorId, String impliedId) {
        RoleEntity prior = Lookup.requireRole(s, priorId);
        RoleEntity implied = Lookup.requireRole(s, impliedId);
        if (find(s, priorId, impliedId) == null) {
            throw ApiException.notFound(priorId + " does not imply " + impliedId + ".");
        }
        return new Rule(prior, implied);
    }

    private static RoleImplicationEntity find(Session s, String priorId, String impliedId) {
        return s.get(RoleImplicationEntity.class, new RoleImplicationEntity.Key(priorId, impliedId));
    }
}

package org.novalab.api.identity;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.hibernate.Session;
import org.novalab.api.http.ApiException;
import org.novalab.api.identity.Assignment.Actor;
import org.novalab.api.identity.Assignment.Target;
import org.novalab.api.identity.RoleAssignments.RoleAssignment;

/**
 * Who holds which role where: the grants of a role to a user or a group on a project, a domain or the system
 * (directly, or inherited by the projects below), with Keystone's rules: a domain-specific role only on its
 * domain's projects, never on the system. {@code GET /v3/role_assignments} is listed from here.
 */
public final class Grants {
    private final IdentityStore store;

    public Grants(IdentityService identity) {
        this.store = identity.store();
    }

    public void grant(Assignment a) {
        store.change(s -> {
            RoleEntity role = checkParties(s, a);
            if (!role.global()) {
                if (a.target().isSystem()) {
                    throw ApiException.badRequest("Role " + role.id() + " is a domain-specific role. Unable to use a "
                            + "domain-specific role in a system assignment.");
                }
                if (a.target().isProject() && !s.get(ProjectEntity.class, a.target().id()).domainId()
                        .equals(role.domainId())) {
                    throw ApiException.forbidden("Project " + a.target().id() + " must be in the same domain as the "
                            + "role " + role.id() + " being assigned.");
                }
            }
            if (find(s, a) == null) {
                s.persist(new AssignmentEntity(a));
            }
            return null;
        });
    }

    /** @throws ApiException 404 when the actor does not hold the role on the target (directly) */
    public void check(Assignment a) {
        store.read(s -> {
            checkParties(s, a);
            if (find(s, a) == null) {
                throw notAssigned(a);
            }
            return null;
        });
    }

    public void revoke(Assignment a) {
        store.change(s -> {
            checkParties(s, a);
            AssignmentEntity found = find(s, a);
            if (found == null) {
                throw notAssigned(a);
            }
            s.remove(found);
            return null;
        });
    }

    /** The roles granted to the actor on the target directly (or, {@code inherited}, for the projects below it). */
    public List<RoleEntity> rolesOn(Target target, Actor actor, boolean inherited) {
        return store.read(s -> {
            requireTarget(s, target);
            requireActor(s, actor);
            return new RoleAssignments(s).list(new RoleAssignments.Query(actor.isUser() ? actor.id() : null,
                    actor.isUser() ? null : actor.id(), target, null, inherited, false)).stream()
                    .map(a -> s.get(RoleEntity.class, a.roleId())).toList();
        });
    }

    public List<RoleAssignment> assignments(RoleAssignments.Query q) {
        return store.read(s -> new RoleAssignments(s).list(q));
    }

    /** An entity's name and its domain, for {@code include_names}. */
    public record Named(String name, DomainEntity domain) {
    }

    /** Names for {@code include_names}: of each role, user, group, project and domain the assignments name. */
    public Map<String, Named> names(List<RoleAssignment> assignments) {
        return store.read(s -> {
            Map<String, Named> names = new HashMap<>();
            for (RoleAssignment a : assignments) {
                names.computeIfAbsent("role:" + a.roleId(), k -> {
                    RoleEntity r = s.get(RoleEntity.class, a.roleId());
                    return new Named(r.name(), r.global() ? null : s.get(DomainEntity.class, r.domainId()));
                });
                names.computeIfAbsent(a.actor().kind().word() + ":" + a.actor().id(), k -> actorName(s, a.actor()));
                if (!a.target().isSystem()) {
                    names.computeIfAbsent(a.target().kind().word() + ":" + a.target().id(),
                            k -> targetName(s, a.target()));
                }
            }
            return names;
        });
    }

    private static Named actorName(Session s, Actor actor) {
        if (actor.isUser()) {
            UserEntity u = s.get(UserEntity.class, actor.id());
            return new Named(u.name(), s.get(DomainEntity.class, u.domainId()));
        }
        GroupEntity g = s.get(GroupEntity.class, actor.id());
        return new Named(g.name(), s.get(DomainEntity.class, g.domainId()));
    }

    private static Named targetName(Session s, Target target) {
        if (target.isProject()) {
            ProjectEntity p = s.get(ProjectEntity.class, target.id());
            return new Named(p.name(), s.get(DomainEntity.class, p.domainId()));
        }
        return new Named(s.get(DomainEntity.class, target.id()).name(), null);
    }

    /** The target, the actor and the role must exist (Keystone's 404 for each); returns the role. */
    private static RoleEntity checkParties(Session s, Assignment a) {
        requireTarget(s, a.target());
        requireActor(s, a.actor());
        return Lookup.requireRole(s, a.roleId());
    }

    private static void requireTarget(Session s, Target target) {
        switch (target.kind()) {
            case PROJECT -> Lookup.requireProject(s, target.id());
            case DOMAIN -> Lookup.requireDomain(s, target.id());
            case SYSTEM -> {
            }
        }
    }

    private static void requireActor(Session s, Actor actor) {
        if (actor.isUser()) {
            Lookup.requireUser(s, actor.id());
        } else {
            Lookup.requireGroup(s, actor.id());
        }
    }

    private static AssignmentEntity find(Session s, Assignment a) {
        return s.get(AssignmentEntity.class, AssignmentEntity.Key.of(a));
    }

    private static ApiException notAssigned(Assignment a) {
        return ApiException.notFound("Could not find role assignment with role: " + a.roleId() + ", user or group: "
                + a.actor().id() + ", project, domain, or system: " + a.target().id() + ".");
    }
}

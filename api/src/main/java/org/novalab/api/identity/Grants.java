package org.novalab.api.identity;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import org.hibernate.Session;
import org.novalab.api.http.ApiException;
import org.novalab.api.persistence.Database;

/**
 * Roles and who holds them: the roles an admin adds beside the default ones, and the grants of a role to a user
 * on a project. Keystone's role assignments are listed from here, directly or effectively (with the roles the
 * assigned ones imply). Every change clears the token cache, so tokens carry the roles as they are now.
 */
public final class Grants {
    private final Database db;
    private final ValidatedTokens validated;

    public Grants(IdentityService identity) {
        this.db = identity.db();
        this.validated = identity.validated();
    }

    /** One line of {@code GET /v3/role_assignments}: an effective one implied by another names its prior role. */
    public record Assignment(String projectId, String userId, String roleId, String priorRoleId) {
    }

    public record AssignmentQuery(String userId, String projectId, String roleId, boolean effective) {
    }

    public List<RoleEntity> roles(String name) {
        return db.read(s -> {
            var q = s.createSelectionQuery(name == null ? "from RoleEntity order by name"
                    : "from RoleEntity where name = :n order by name", RoleEntity.class);
            if (name != null) {
                q.setParameter("n", name);
            }
            return q.list();
        });
    }

    public RoleEntity role(String id) {
        return db.read(s -> Lookup.requireRole(s, id));
    }

    public RoleEntity createRole(String name, String description) {
        return change(s -> {
            if (roleNamed(s, name) != null) {
                throw Directory.duplicate("role", "name " + name);
            }
            RoleEntity r = new RoleEntity(IdentityService.newId(), name, description);
            s.persist(r);
            return r;
        });
    }

    public RoleEntity updateRole(String id, String name, String description) {
        return change(s -> {
            RoleEntity r = Lookup.requireRole(s, id);
            if (r.immutable()) {
                throw immutable("update", id);
            }
            if (name != null && !name.equals(r.name())) {
                if (roleNamed(s, name) != null) {
                    throw Directory.duplicate("role", "name " + name);
                }
                r.rename(name);
            }
            if (description != null) {
                r.describe(description);
            }
            return r;
        });
    }

    /** Deletes a role and every grant of it; the default roles, which policy needs, are immutable. */
    public void deleteRole(String id) {
        change(s -> {
            RoleEntity r = Lookup.requireRole(s, id);
            if (r.immutable()) {
                throw immutable("delete", id);
            }
            s.createMutationQuery("delete from RoleAssignmentEntity a where a.key.roleId = :r").setParameter("r", id)
                    .executeUpdate();
            s.remove(r);
            return null;
        });
    }

    public void grant(String projectId, String userId, String roleId) {
        change(s -> {
            checkParties(s, projectId, userId, roleId);
            if (s.get(RoleAssignmentEntity.class, new RoleAssignmentEntity.Key(projectId, userId, roleId)) == null) {
                s.persist(new RoleAssignmentEntity(projectId, userId, roleId));
            }
            return null;
        });
    }

    /** @throws ApiException 404 when the user does not hold the role on the project (directly) */
    public void checkGrant(String projectId, String userId, String roleId) {
        db.read(s -> {
            checkParties(s, projectId, userId, roleId);
            if (s.get(RoleAssignmentEntity.class, new RoleAssignmentEntity.Key(projectId, userId, roleId)) == null) {
                throw notAssigned(projectId, userId, roleId);
            }
            return null;
        });
    }

    public void revoke(String projectId, String userId, String roleId) {
        change(s -> {
            checkParties(s, projectId, userId, roleId);
            RoleAssignmentEntity a = s.get(RoleAssignmentEntity.class,
                    new RoleAssignmentEntity.Key(projectId, userId, roleId));
            if (a == null) {
                throw notAssigned(projectId, userId, roleId);
            }
            s.remove(a);
            return null;
        });
    }

    /** The roles granted to the user on the project directly. */
    public List<RoleEntity> rolesOn(String projectId, String userId) {
        return db.read(s -> {
            Lookup.requireProject(s, projectId);
            Lookup.requireUser(s, userId);
            return Lookup.assignedRoleIds(s, projectId, userId).stream().map(id -> s.get(RoleEntity.class, id))
                    .toList();
        });
    }

    public List<Assignment> assignments(AssignmentQuery q) {
        return db.read(s -> {
            StringBuilder hql = new StringBuilder("from RoleAssignmentEntity a where 1 = 1");
            if (q.userId() != null) {
                hql.append(" and a.key.userId = :u");
            }
            if (q.projectId() != null) {
                hql.append(" and a.key.projectId = :p");
            }
            var query = s.createSelectionQuery(hql + " order by a.key.projectId, a.key.userId, a.key.roleId",
                    RoleAssignmentEntity.class);
            if (q.userId() != null) {
                query.setParameter("u", q.userId());
            }
            if (q.projectId() != null) {
                query.setParameter("p", q.projectId());
            }
            List<Assignment> result = new ArrayList<>();
            for (RoleAssignmentEntity a : query.list()) {
                result.add(new Assignment(a.projectId(), a.userId(), a.roleId(), null));
                if (q.effective()) {
                    Role.byId(a.roleId()).ifPresent(r -> r.implied().forEach(implied -> result.add(new Assignment(
                            a.projectId(), a.userId(), implied.id(), implied.priorRole().orElseThrow().id()))));
                }
            }
            return result.stream().filter(a -> q.roleId() == null || a.roleId().equals(q.roleId())).distinct()
                    .toList();
        });
    }

    /** Names for {@code include_names}: the role, user and project of an assignment, looked up once each. */
    public record Names(RoleEntity role, UserEntity user, DomainEntity userDomain, ProjectEntity project,
            DomainEntity projectDomain) {
    }

    public List<Names> names(List<Assignment> assignments) {
        return db.read(s -> assignments.stream().map(a -> {
            UserEntity user = s.get(UserEntity.class, a.userId());
            ProjectEntity project = s.get(ProjectEntity.class, a.projectId());
            return new Names(s.get(RoleEntity.class, a.roleId()), user, s.get(DomainEntity.class, user.domainId()),
                    project, s.get(DomainEntity.class, project.domainId()));
        }).toList());
    }

    private static void checkParties(Session s, String projectId, String userId, String roleId) {
        Lookup.requireProject(s, projectId);
        Lookup.requireUser(s, userId);
        Lookup.requireRole(s, roleId);
    }

    private static ApiException notAssigned(String projectId, String userId, String roleId) {
        return ApiException.notFound("Could not find role assignment with role: " + roleId + ", user or group: "
                + userId + ", project, domain, or system: " + projectId + ".");
    }

    private static ApiException immutable(String verb, String id) {
        return ApiException.forbidden("Unable to " + verb + " immutable role resource: `" + id
                + ". Set resource option \"immutable\" to false first.");
    }

    private static RoleEntity roleNamed(Session s, String name) {
        return s.createSelectionQuery("from RoleEntity where name = :n", RoleEntity.class).setParameter("n", name)
                .uniqueResult();
    }

    private <T> T change(Function<Session, T> work) {
        try {
            return db.write(work);
        } finally {
            validated.clear();
        }
    }
}

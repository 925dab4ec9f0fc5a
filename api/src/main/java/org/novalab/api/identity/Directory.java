package org.novalab.api.identity;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.hibernate.Session;
import org.novalab.api.http.ApiException;
import org.novalab.api.persistence.Database;

/**
 * Keystone's resources and identities: domains, projects (in a hierarchy under their domain) and users, with the
 * rules Keystone keeps: names unique within a domain, a domain deleted only once disabled (and with all it holds),
 * a project deleted only when no project is below it. Every change clears the token cache, so a token of a user
 * or project that was deleted or disabled is refused at once.
 */
public final class Directory {
    private final Database db;
    private final ValidatedTokens validated;

    public Directory(IdentityService identity) {
        this.db = identity.db();
        this.validated = identity.validated();
    }

    /** What a create or an update says; null fields were not given. */
    public record DomainFields(String name, String description, Boolean enabled) {
    }

    public record ProjectFields(String name, String description, Boolean enabled, String domainId, String parentId,
            JsonArray tags, JsonObject extra) {
    }

    public record UserFields(String name, String password, Boolean enabled, String domainId, String defaultProjectId,
            boolean defaultProjectGiven, JsonObject extra) {
    }

    /** Keystone's list filters: equality on the named attributes (null: not filtered). */
    public record Filter(Map<String, Object> equal) {
        /** The value that matches an attribute that is not set (a top-level project's parent). */
        public static final Object UNSET = new Object();

        public static Filter of(Object... nameValuePairs) {
            Map<String, Object> m = new LinkedHashMap<>();
            for (int i = 0; i < nameValuePairs.length; i += 2) {
                if (nameValuePairs[i + 1] != null) {
                    m.put((String) nameValuePairs[i], nameValuePairs[i + 1]);
                }
            }
            return new Filter(m);
        }
    }

    // ---- domains

    public List<DomainEntity> domains(Filter filter) {
        return db.read(s -> list(s, DomainEntity.class, filter, "name"));
    }

    public DomainEntity domain(String id) {
        return db.read(s -> Lookup.requireDomain(s, id));
    }

    public DomainEntity createDomain(DomainFields f) {
        return change(s -> {
            if (domainNamed(s, f.name()) != null) {
                throw duplicate("domain", "name " + f.name());
            }
            DomainEntity d = new DomainEntity(IdentityService.newId(), f.name(), f.description(),
                    f.enabled() == null || f.enabled());
            s.persist(d);
            return d;
        });
    }

    public DomainEntity updateDomain(String id, DomainFields f) {
        return change(s -> {
            DomainEntity d = Lookup.requireDomain(s, id);
            if (f.name() != null && !f.name().equals(d.name())) {
                if (domainNamed(s, f.name()) != null) {
                    throw duplicate("domain", "name " + f.name());
                }
                d.rename(f.name());
            }
            if (f.description() != null) {
                d.describe(f.description());
            }
            if (f.enabled() != null) {
                if (!f.enabled() && d.id().equals(IdentityService.DOMAIN_ID)) {
                    throw ApiException.forbidden("Cannot disable the default domain: novalab's admin lives there.");
                }
                d.enable(f.enabled());
            }
            return d;
        });
    }

    /** Deletes a disabled domain with its projects and users (and so their grants and tokens). */
    public void deleteDomain(String id) {
        change(s -> {
            DomainEntity d = Lookup.requireDomain(s, id);
            if (d.enabled()) {
                throw ApiException.forbidden("Cannot delete a domain that is enabled, please disable it first.");
            }
            s.createMutationQuery("delete from UserEntity u where u.domainId = :d").setParameter("d", id)
                    .executeUpdate();
            List<ProjectEntity> projects = s.createSelectionQuery("from ProjectEntity p where p.domainId = :d",
                    ProjectEntity.class).setParameter("d", id).list();
            projects.forEach(ProjectEntity::detachFromParent);
            s.flush();
            projects.forEach(s::remove);
            s.remove(d);
            return null;
        });
    }

    // ---- projects

    public List<ProjectEntity> projects(Filter filter) {
        return db.read(s -> list(s, ProjectEntity.class, filter, "name"));
    }

    public ProjectEntity project(String id) {
        return db.read(s -> Lookup.requireProject(s, id));
    }

    /** The projects on which the user has a role. */
    public List<ProjectEntity> projectsOf(String userId, Filter filter) {
        return db.read(s -> {
            Lookup.requireUser(s, userId);
            List<String> ids = s.createSelectionQuery("select distinct r.key.projectId from RoleAssignmentEntity r "
                    + "where r.key.userId = :u", String.class).setParameter("u", userId).list();
            return list(s, ProjectEntity.class, filter, "name").stream().filter(p -> ids.contains(p.id())).toList();
        });
    }

    public ProjectEntity createProject(ProjectFields f) {
        return change(s -> {
            String domainId = f.domainId();
            if (f.parentId() != null) {
                ProjectEntity parent = s.get(ProjectEntity.class, f.parentId());
                if (parent == null) {
                    throw ApiException.notFound("Could not find project: " + f.parentId() + ".");
                }
                if (domainId != null && !domainId.equals(parent.domainId())) {
                    throw ApiException.badRequest("Cannot create project, the parent (" + parent.id()
                            + ") is in another domain than the one given (" + domainId + ").");
                }
                domainId = parent.domainId();
            }
            if (domainId == null) {
                domainId = IdentityService.DOMAIN_ID;
            }
            Lookup.requireDomain(s, domainId);
            if (Lookup.projectNamed(s, f.name(), domainId) != null) {
                throw duplicate("project", "name " + f.name() + " at domain ID " + domainId);
            }
            ProjectEntity p = new ProjectEntity(IdentityService.newId(), f.name(), domainId, f.parentId(),
                    f.description(), f.enabled() == null || f.enabled(),
                    f.tags() == null ? new JsonArray() : f.tags(), f.extra());
            s.persist(p);
            return p;
        });
    }

    public ProjectEntity updateProject(String id, ProjectFields f) {
        return change(s -> {
            ProjectEntity p = Lookup.requireProject(s, id);
            if (f.domainId() != null && !f.domainId().equals(p.domainId())) {
                throw ApiException.badRequest("Update of `domain_id` is not allowed.");
            }
            if (f.parentId() != null && !f.parentId().equals(p.parentId())) {
                throw ApiException.forbidden("Update of `parent_id` is not allowed.");
            }
            if (f.name() != null && !f.name().equals(p.name())) {
                if (Lookup.projectNamed(s, f.name(), p.domainId()) != null) {
                    throw duplicate("project", "name " + f.name() + " at domain ID " + p.domainId());
                }
                p.rename(f.name());
            }
            if (f.description() != null) {
                p.describe(f.description());
            }
            if (f.enabled() != null) {
                if (!f.enabled() && enabledChildren(s, id)) {
                    throw ApiException.forbidden("Cannot disable project " + id
                            + " since its subtree contains enabled projects.");
                }
                p.enable(f.enabled());
            }
            if (f.tags() != null) {
                p.tag(f.tags());
            }
            if (!f.extra().isEmpty()) {
                p.extend(p.extra().mergeIn(f.extra()));
            }
            return p;
        });
    }

    /**
     * Deletes a project that no project is below, with its grants and the tokens scoped to it. What the project
     * owns elsewhere (servers, images) stays, as with Keystone, which knows nothing of them: an admin still sees
     * and deletes them.
     */
    public void deleteProject(String id) {
        change(s -> {
            ProjectEntity p = Lookup.requireProject(s, id);
            if (!children(s, id).isEmpty()) {
                throw ApiException.forbidden("Cannot delete the project " + id + " since it is not a leaf in the "
                        + "hierarchy.");
            }
            // the foreign keys cascade to grants and tokens and clear users' default project, but say it here too:
            // Hibernate's session must not hold rows the database removed behind it
            s.createMutationQuery("delete from TokenEntity t where t.projectId = :p").setParameter("p", id)
                    .executeUpdate();
            s.createMutationQuery("delete from RoleAssignmentEntity r where r.key.projectId = :p")
                    .setParameter("p", id).executeUpdate();
            s.createMutationQuery("update UserEntity u set u.defaultProjectId = null where u.defaultProjectId = :p")
                    .setParameter("p", id).executeUpdate();
            s.remove(p);
            return null;
        });
    }

    private static List<ProjectEntity> children(Session s, String id) {
        return s.createSelectionQuery("from ProjectEntity p where p.parentId = :p", ProjectEntity.class)
                .setParameter("p", id).list();
    }

    private static boolean enabledChildren(Session s, String id) {
        for (ProjectEntity child : children(s, id)) {
            if (child.enabled() || enabledChildren(s, child.id())) {
                return true;
            }
        }
        return false;
    }

    // ---- users

    public List<UserEntity> users(Filter filter) {
        return db.read(s -> list(s, UserEntity.class, filter, "name"));
    }

    public UserEntity user(String id) {
        return db.read(s -> Lookup.requireUser(s, id));
    }

    public UserEntity createUser(UserFields f) {
        return change(s -> {
            String domainId = f.domainId() == null ? IdentityService.DOMAIN_ID : f.domainId();
            Lookup.requireDomain(s, domainId);
            if (Lookup.userNamed(s, f.name(), domainId) != null) {
                throw duplicate("user", "name " + f.name() + " at domain ID " + domainId);
            }
            if (f.defaultProjectId() != null && s.get(ProjectEntity.class, f.defaultProjectId()) == null) {
                throw ApiException.badRequest("Could not find project: " + f.defaultProjectId() + ".");
            }
            UserEntity u = new UserEntity(IdentityService.newId(), f.name(), domainId,
                    f.password() == null ? UserEntity.NO_PASSWORD : PasswordHash.hash(f.password()),
                    f.defaultProjectId(), f.enabled() == null || f.enabled(), f.extra());
            s.persist(u);
            return u;
        });
    }

    /** Updates a user; a new password or disabling the user revokes the user's tokens, as Keystone does. */
    public UserEntity updateUser(String id, UserFields f) {
        return change(s -> {
            UserEntity u = Lookup.requireUser(s, id);
            if (f.domainId() != null && !f.domainId().equals(u.domainId())) {
                throw ApiException.badRequest("Update of `domain_id` is not allowed.");
            }
            if (f.name() != null && !f.name().equals(u.name())) {
                if (Lookup.userNamed(s, f.name(), u.domainId()) != null) {
                    throw duplicate("user", "name " + f.name() + " at domain ID " + u.domainId());
                }
                u.rename(f.name());
            }
            if (f.defaultProjectGiven()) {
                if (f.defaultProjectId() != null && s.get(ProjectEntity.class, f.defaultProjectId()) == null) {
                    throw ApiException.badRequest("Could not find project: " + f.defaultProjectId() + ".");
                }
                u.defaultProject(f.defaultProjectId());
            }
            boolean revoke = false;
            if (f.password() != null) {
                u.rehash(PasswordHash.hash(f.password()));
                revoke = true;
            }
            if (f.enabled() != null) {
                revoke |= u.enabled() && !f.enabled();
                u.enable(f.enabled());
            }
            if (!f.extra().isEmpty()) {
                u.extend(u.extra().mergeIn(f.extra()));
            }
            if (revoke) {
                revokeTokensOf(s, id);
            }
            return u;
        });
    }

    /** A change of password proved by the original one (401 otherwise); the user's tokens end. */
    public void changePassword(String id, String originalPassword, String newPassword) {
        change(s -> {
            UserEntity u = s.get(UserEntity.class, id);
            // an unknown user and a wrong password are answered alike, so the answer tells no one which ids exist
            if (u == null || !PasswordHash.matches(originalPassword, u.passwordHash())) {
                throw ApiException.unauthorized("Error when changing user password: the original password is wrong.");
            }
            u.rehash(PasswordHash.hash(newPassword));
            revokeTokensOf(s, id);
            return null;
        });
    }

    /** Deletes a user with its grants and tokens; the servers it made stay with their project. */
    public void deleteUser(String id) {
        change(s -> {
            UserEntity u = Lookup.requireUser(s, id);
            revokeTokensOf(s, id);
            s.createMutationQuery("delete from RoleAssignmentEntity r where r.key.userId = :u").setParameter("u", id)
                    .executeUpdate();
            s.remove(u);
            return null;
        });
    }

    private static void revokeTokensOf(Session s, String userId) {
        s.createMutationQuery("delete from TokenEntity t where t.userId = :u").setParameter("u", userId)
                .executeUpdate();
    }

    // ---- shared

    private <T> T change(Function<Session, T> work) {
        try {
            return db.write(work);
        } finally {
            validated.clear();
        }
    }

    private static DomainEntity domainNamed(Session s, String name) {
        return s.createSelectionQuery("from DomainEntity where name = :n", DomainEntity.class).setParameter("n", name)
                .uniqueResult();
    }

    private static <T> List<T> list(Session s, Class<T> type, Filter filter, String orderBy) {
        StringBuilder hql = new StringBuilder("from " + type.getSimpleName() + " e where 1 = 1");
        List<String> names = new ArrayList<>(filter.equal().keySet());
        for (int i = 0; i < names.size(); i++) {
            hql.append(" and e.").append(names.get(i))
                    .append(filter.equal().get(names.get(i)) == Filter.UNSET ? " is null" : " = :p" + i);
        }
        hql.append(" order by e.").append(orderBy);
        var q = s.createSelectionQuery(hql.toString(), type);
        for (int i = 0; i < names.size(); i++) {
            Object value = filter.equal().get(names.get(i));
            if (value != Filter.UNSET) {
                q.setParameter("p" + i, value);
            }
        }
        return q.list();
    }

    static ApiException duplicate(String type, String what) {
        return ApiException.conflict("Conflict occurred attempting to store " + type + " - Duplicate entry found with "
                + what + ".");
    }
}

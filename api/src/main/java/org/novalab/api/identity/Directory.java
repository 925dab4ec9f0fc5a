package org.novalab.api.identity;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.List;
import org.hibernate.Session;
import org.novalab.api.http.ApiException;

/**
 * Keystone's resources and identities: domains, projects (in a hierarchy under their domain) and users, with the
 * rules Keystone keeps: names unique within a domain, a domain deleted only once disabled (and with all it holds),
 * a project deleted only when no project is below it (groups are {@link Groups}'). Every change clears the token
 * cache, so a token of a user or project that was deleted or disabled is refused at once.
 */
public final class Directory {
    private final IdentityStore store;

    public Directory(IdentityService identity) {
        this.store = identity.store();
    }

    /** What a create or an update says; null fields were not given. */
    public record DomainFields(String name, String description, Boolean enabled) {
    }

    /** {@code isDomain}: a project acting as a domain ({@link DomainProjects}). */
    public record ProjectFields(String name, String description, Boolean enabled, String domainId, String parentId,
            JsonArray tags, Boolean isDomain, JsonObject extra) {
    }

    public record UserFields(String name, String password, Boolean enabled, String domainId, String defaultProjectId,
            boolean defaultProjectGiven, JsonObject extra) {
    }

    // ---- domains

    public List<DomainEntity> domains(Filter filter) {
        return store.read(s -> filter.list(s, DomainEntity.class, "name"));
    }

    public DomainEntity domain(String id) {
        return store.read(s -> Lookup.requireDomain(s, id));
    }

    public DomainEntity createDomain(DomainFields f) {
        return store.change(s -> {
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
        return store.change(s -> {
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

    /**
     * Deletes a disabled domain with all it holds, as Keystone does: its projects, users and groups (and so their
     * grants, memberships and tokens), the grants on it and the tokens scoped to it, and its domain-specific roles.
     */
    public void deleteDomain(String id) {
        store.change(s -> {
            DomainEntity d = Lookup.requireDomain(s, id);
            if (d.enabled()) {
                throw ApiException.forbidden("Cannot delete a domain that is enabled, please disable it first.");
            }
            for (UserEntity u : Filter.of("domainId", id).list(s, UserEntity.class, "name")) {
                Dependents.ofUser(s, u.id());
                s.remove(u);
            }
            for (GroupEntity g : Filter.of("domainId", id).list(s, GroupEntity.class, "name")) {
                Dependents.ofGroup(s, g.id());
                s.remove(g);
            }
            List<ProjectEntity> projects = Filter.of("domainId", id).list(s, ProjectEntity.class, "name");
            projects.forEach(p -> Dependents.ofProject(s, p.id()));
            projects.forEach(ProjectEntity::detachFromParent);
            s.flush();
            projects.forEach(s::remove);
            for (RoleEntity r : Filter.of("domainId", id).list(s, RoleEntity.class, "name")) {
                Dependents.ofRole(s, r.id());
                s.remove(r);
            }
            Dependents.ofDomain(s, id);
            s.remove(d);
            return null;
        });
    }

    // ---- projects

    public List<ProjectEntity> projects(Filter filter) {
        return store.read(s -> filter.list(s, ProjectEntity.class, "name"));
    }

    public ProjectEntity project(String id) {
        return store.read(s -> Lookup.requireProject(s, id));
    }

    /** The projects on which the user has a role: its own, its groups', inherited ones (Keystone's effective). */
    public List<ProjectEntity> projectsOf(String userId, Filter filter) {
        return store.read(s -> {
            Lookup.requireUser(s, userId);
            var ids = new RoleAssignments(s).targetsOf(userId, Assignment.Target.Kind.PROJECT);
            return filter.list(s, ProjectEntity.class, "name").stream().filter(p -> ids.contains(p.id())).toList();
        });
    }

    /** The domains on which the user has a role, its own or its groups'. */
    public List<DomainEntity> domainsOf(String userId, Filter filter) {
        return store.read(s -> {
            Lookup.requireUser(s, userId);
            var ids = new RoleAssignments(s).targetsOf(userId, Assignment.Target.Kind.DOMAIN);
            return filter.list(s, DomainEntity.class, "name").stream().filter(d -> ids.contains(d.id())).toList();
        });
    }

    public ProjectEntity createProject(ProjectFields f) {
        return store.change(s -> {
            String domainId = f.domainId();
            String parentId = f.parentId();
            if (parentId != null && s.get(DomainEntity.class, parentId) != null) {
                // a parent acting as a domain (Keystone's is_domain): a top-level project of that domain
                if (domainId != null && !domainId.equals(parentId)) {
                    throw ApiException.badRequest("Cannot create project, the parent (" + parentId + ") is acting "
                            + "as a domain, but this project's domain id (" + domainId + ") does not match the "
                            + "parent's id.");
                }
                domainId = parentId;
                parentId = null;
            }
            if (parentId != null) {
                ProjectEntity parent = s.get(ProjectEntity.class, parentId);
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
            ProjectEntity p = new ProjectEntity(IdentityService.newId(), f.name(), domainId, parentId,
                    f.description(), f.enabled() == null || f.enabled(),
                    f.tags() == null ? new JsonArray() : f.tags(), f.extra());
            s.persist(p);
            return p;
        });
    }

    /** Replaces the project's tags ({@link ProjectTags} has checked them). */
    public ProjectEntity tagProject(String id, JsonArray tags) {
        return tagProject(id, current -> tags);
    }

    /** Changes the project's tags from what they are now, in one transaction. */
    public ProjectEntity tagProject(String id, java.util.function.UnaryOperator<JsonArray> change) {
        return store.change(s -> {
            ProjectEntity p = Lookup.requireProject(s, id);
            p.tag(change.apply(p.tags()));
            return p;
        });
    }

    public ProjectEntity updateProject(String id, ProjectFields f) {
        return store.change(s -> {
            ProjectEntity p = Lookup.requireProject(s, id);
            if (f.domainId() != null && !f.domainId().equals(p.domainId())) {
                throw ApiException.badRequest("Update of `domain_id` is not allowed.");
            }
            if (Boolean.TRUE.equals(f.isDomain())) {
                throw ApiException.badRequest("Update of `is_domain` is not allowed.");
            }
            // a top-level project's parent is shown as its domain: naming it again changes nothing
            String parentShown = p.parentId() == null ? p.domainId() : p.parentId();
            if (f.parentId() != null && !f.parentId().equals(parentShown)) {
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
        store.change(s -> {
            ProjectEntity p = Lookup.requireProject(s, id);
            if (!children(s, id).isEmpty()) {
                throw ApiException.forbidden("Cannot delete the project " + id + " since it is not a leaf in the "
                        + "hierarchy.");
            }
            Dependents.ofProject(s, id);
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
        return store.read(s -> filter.list(s, UserEntity.class, "name"));
    }

    public UserEntity user(String id) {
        return store.read(s -> Lookup.requireUser(s, id));
    }

    public UserEntity createUser(UserFields f) {
        return store.change(s -> {
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
        return store.change(s -> {
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
                Dependents.revokeTokensOf(s, id);
            }
            return u;
        });
    }

    /** A change of password proved by the original one (401 otherwise); the user's tokens end. */
    public void changePassword(String id, String originalPassword, String newPassword) {
        store.change(s -> {
            UserEntity u = s.get(UserEntity.class, id);
            // an unknown user and a wrong password are answered alike, so the answer tells no one which ids exist
            if (u == null || !PasswordHash.matches(originalPassword, u.passwordHash())) {
                throw ApiException.unauthorized("Error when changing user password: the original password is wrong.");
            }
            u.rehash(PasswordHash.hash(newPassword));
            Dependents.revokeTokensOf(s, id);
            return null;
        });
    }

    /** Deletes a user with its grants, group memberships and tokens; the servers it made stay with their project. */
    public void deleteUser(String id) {
        store.change(s -> {
            UserEntity u = Lookup.requireUser(s, id);
            Dependents.ofUser(s, id);
            s.remove(u);
            return null;
        });
    }

    // ---- shared

    private static DomainEntity domainNamed(Session s, String name) {
        return s.createSelectionQuery("from DomainEntity where name = :n", DomainEntity.class).setParameter("n", name)
                .uniqueResult();
    }

    static ApiException duplicate(String type, String what) {
        return ApiException.conflict("Conflict occurred attempting to store " + type + " - Duplicate entry found with "
                + what + ".");
    }
}

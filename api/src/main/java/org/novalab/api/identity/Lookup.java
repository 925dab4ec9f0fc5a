package org.novalab.api.identity;

import org.hibernate.Session;
import org.novalab.api.http.ApiException;
import org.novalab.api.identity.Refs.DomainRef;
import org.novalab.api.identity.Refs.ProjectRef;
import org.novalab.api.identity.Refs.UserRef;

/** Finding identity rows inside a transaction: by id, by name within a domain, and Keystone's 404s for each. */
public final class Lookup {
    private Lookup() {
    }

    static DomainEntity domain(Session s, DomainRef ref) {
        DomainRef wanted = ref == null || !ref.given() ? DomainRef.DEFAULT : ref;
        if (wanted.id() != null) {
            return s.get(DomainEntity.class, wanted.id());
        }
        return s.createSelectionQuery("from DomainEntity where name = :n", DomainEntity.class)
                .setParameter("n", wanted.name()).uniqueResult();
    }

    static UserEntity user(Session s, UserRef ref) {
        if (ref.id() != null) {
            return s.get(UserEntity.class, ref.id());
        }
        DomainEntity domain = domain(s, ref.domain());
        return domain == null ? null : userNamed(s, ref.name(), domain.id());
    }

    static ProjectEntity project(Session s, ProjectRef ref) {
        if (ref.id() != null) {
            return s.get(ProjectEntity.class, ref.id());
        }
        DomainEntity domain = domain(s, ref.domain());
        return domain == null ? null : projectNamed(s, ref.name(), domain.id());
    }

    static UserEntity userNamed(Session s, String name, String domainId) {
        return s.createSelectionQuery("from UserEntity where name = :n and domainId = :d", UserEntity.class)
                .setParameter("n", name).setParameter("d", domainId).uniqueResult();
    }

    static ProjectEntity projectNamed(Session s, String name, String domainId) {
        return s.createSelectionQuery("from ProjectEntity where name = :n and domainId = :d", ProjectEntity.class)
                .setParameter("n", name).setParameter("d", domainId).uniqueResult();
    }

    public static DomainEntity requireDomain(Session s, String id) {
        DomainEntity d = id == null ? null : s.get(DomainEntity.class, id);
        if (d == null) {
            throw ApiException.notFound("Could not find domain: " + id + ".");
        }
        return d;
    }

    public static ProjectEntity requireProject(Session s, String id) {
        ProjectEntity p = id == null ? null : s.get(ProjectEntity.class, id);
        if (p == null) {
            throw ApiException.notFound("Could not find project: " + id + ".");
        }
        return p;
    }

    public static UserEntity requireUser(Session s, String id) {
        UserEntity u = id == null ? null : s.get(UserEntity.class, id);
        if (u == null) {
            throw ApiException.notFound("Could not find user: " + id + ".");
        }
        return u;
    }

    static GroupEntity requireGroup(Session s, String id) {
        GroupEntity g = id == null ? null : s.get(GroupEntity.class, id);
        if (g == null) {
            throw ApiException.notFound("Could not find group: " + id + ".");
        }
        return g;
    }

    static GroupEntity groupNamed(Session s, String name, String domainId) {
        return s.createSelectionQuery("from GroupEntity where name = :n and domainId = :d", GroupEntity.class)
                .setParameter("n", name).setParameter("d", domainId).uniqueResult();
    }

    static RoleEntity requireRole(Session s, String id) {
        RoleEntity r = id == null ? null : s.get(RoleEntity.class, id);
        if (r == null) {
            throw ApiException.notFound("Could not find role: " + id + ".");
        }
        return r;
    }

    /** The user's application credential of that name (names are unique per user), or null. */
    public static ApplicationCredentialEntity applicationCredential(Session s, String userId, String name) {
        return s.createSelectionQuery("from ApplicationCredentialEntity c where c.userId = :u and c.name = :n",
                ApplicationCredentialEntity.class).setParameter("u", userId).setParameter("n", name)
                .uniqueResultOptional().orElse(null);
    }
}

package org.novalab.api.identity;

/** How a request names a domain, project or user: by id, or by name (a project's or user's within a domain). */
public final class Refs {
    private Refs() {
    }

    /** A domain by id or by name; both null means "not said" (the default domain where one is needed). */
    public record DomainRef(String id, String name) {
        public static final DomainRef DEFAULT = new DomainRef(IdentityService.DOMAIN_ID, null);

        public boolean given() {
            return id != null || name != null;
        }

        @Override
        public String toString() {
            return id != null ? id : name;
        }
    }

    /** A user by id, or by name within a domain. */
    public record UserRef(String id, String name, DomainRef domain) {
    }

    /** A project by id, or by name within a domain. */
    public record ProjectRef(String id, String name, DomainRef domain) {
        public static ProjectRef byId(String id) {
            return new ProjectRef(id, null, null);
        }

        public static ProjectRef byName(String name, DomainRef domain) {
            return new ProjectRef(null, name, domain);
        }

        @Override
        public String toString() {
            return id != null ? id : name;
        }
    }

    /** What a token is asked to be scoped to: a project, a domain, the system, or nothing (null fields). */
    public record Scope(ProjectRef project, DomainRef domain, boolean system) {
        public static final Scope NONE = new Scope(null, null, false);

        public boolean none() {
            return project == null && domain == null && !system;
        }
    }
}

package org.novalab.api.identity;

import java.util.List;
import org.novalab.api.http.ApiException;

/**
 * Keystone's projects acting as domains ({@code is_domain}). In Keystone a domain is a project with is_domain true,
 * so its projects API shows, lists ({@code ?is_domain=true}), creates, updates and deletes domains too. novalab
 * keeps domains in their own table; this answers the projects API for them, with Keystone's rules: such a project
 * is at the top (no domain, no parent), and never turns into a project or back.
 */
final class DomainProjects {
    private final Directory directory;

    DomainProjects(Directory directory) {
        this.directory = directory;
    }

    /** Whether the id names a domain rather than a project. */
    boolean isDomain(String id) {
        return !directory.domains(Filter.of("id", id)).isEmpty();
    }

    /** Keystone's filters on is_domain projects: {@code name} and {@code enabled}; no domain or parent is theirs. */
    List<DomainEntity> list(String name, Boolean enabled, String domainId, String parentId) {
        return domainId != null || parentId != null ? List.of() : directory.domains(Filter.of("name", name,
                "enabled", enabled));
    }

    DomainEntity create(Directory.ProjectFields f) {
        if (f.domainId() != null || f.parentId() != null) {
            throw ApiException.badRequest("only root projects are allowed to act as domains.");
        }
        requireNoTags(f);
        return directory.createDomain(new Directory.DomainFields(f.name(), f.description(), f.enabled()));
    }

    DomainEntity update(String id, Directory.ProjectFields f) {
        if (f.domainId() != null) {
            throw ApiException.badRequest("Update of `domain_id` is not allowed.");
        }
        if (f.parentId() != null) {
            throw ApiException.forbidden("Update of `parent_id` is not allowed.");
        }
        if (Boolean.FALSE.equals(f.isDomain())) {
            throw ApiException.badRequest("Update of `is_domain` is not allowed.");
        }
        requireNoTags(f);
        return directory.updateDomain(id, new Directory.DomainFields(f.name(), f.description(), f.enabled()));
    }

    /** A domain is deleted once disabled, with all it holds. */
    void delete(String id) {
        directory.deleteDomain(id);
    }

    private static void requireNoTags(Directory.ProjectFields f) {
        if ((f.tags() != null && !f.tags().isEmpty()) || !f.extra().isEmpty()) {
            throw ApiException.badRequest("novalab keeps no tags or extra attributes for a project acting as a "
                    + "domain: a domain has its name, description and enabled flag.");
        }
    }
}

package org.novalab.api.compute;

import java.util.List;

/**
 * Filters and paging of a server list; null means "any". The tag filters (2.26) hold the comma-separated tags of
 * {@code tags} (all of them), {@code tags-any}, {@code not-tags} (not all of them) and {@code not-tags-any} (none).
 */
public record ServerQuery(String name, String status, String image, String flavor, boolean allTenants, Integer limit,
        String marker, String reservationId, String host, List<String> tags, List<String> tagsAny,
        List<String> notTags, List<String> notTagsAny) {
    public ServerQuery(String name, String status, String image, String flavor, boolean allTenants, Integer limit,
            String marker) {
        this(name, status, image, flavor, allTenants, limit, marker, null, null, List.of(), List.of(), List.of(),
                List.of());
    }
}

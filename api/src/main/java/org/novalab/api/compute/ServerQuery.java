package org.novalab.api.compute;

import java.time.Instant;
import java.time.Instant;
import java.util.List;

/**
 * Filters and paging of a server list; null means "any". The tag filters (2.26) hold the comma-separated tags of
 * {@code tags} (all of them), {@code tags-any}, {@code not-tags} (not all of them) and {@code not-tags-any} (none).
 * {@code project} (Nova's {@code tenant_id} or {@code project_id}) counts only with {@code allTenants};
 * {@code changesSince} and {@code changesBefore} (2.66) bound the servers' {@code updated_at}.
 */
public record ServerQuery(String name, String status, String image, String flavor, boolean allTenants, Integer limit,
        String marker, String reservationId, String host, List<String> tags, List<String> tagsAny,
        List<String> notTags, List<String> notTagsAny, String project, Instant changesSince, Instant changesBefore) {
    public ServerQuery(String name, String status, String image, String flavor, boolean allTenants, Integer limit,
            String marker) {
        this(name, status, image, flavor, allTenants, limit, marker, null, null, List.of(), List.of(), List.of(),
                List.of(), null, null, null);
    }
}

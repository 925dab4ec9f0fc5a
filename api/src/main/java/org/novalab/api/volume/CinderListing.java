package org.novalab.api.volume;

import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.hibernate.Session;
import org.novalab.api.http.ApiException;
import org.novalab.api.identity.AuthContext;

/**
 * Cinder's list semantics for volumes and snapshots alike: the caller's project (every project for an admin with
 * {@code all_tenants}), exact-match filters, newest first, then a page after {@code marker} of at most
 * {@code limit} records.
 */
final class CinderListing {
    private CinderListing() {
    }

    /** One page of a list, and whether records follow it. */
    record Page<T>(List<T> items, boolean more) {
        T last() {
            return items.get(items.size() - 1);
        }

        <R> Page<R> map(Function<T, R> f) {
            return new Page<>(items.stream().map(f).toList(), more);
        }
    }

    /**
     * The entity's records the caller may list, newest first. {@code equalTo} maps an entity field to the value it
     * must have (a null value filters nothing); the field names are the caller's code, never the user's.
     */
    static <T> List<T> newestFirst(Session s, Class<T> entity, AuthContext auth, boolean allTenants,
            Map<String, String> equalTo) {
        boolean everyProject = allTenants && auth.isAdmin();
        StringBuilder hql = new StringBuilder("from ").append(entity.getSimpleName()).append(" where 1 = 1");
        if (!everyProject) {
            hql.append(" and projectId = :projectId");
        }
        equalTo.forEach((field, value) -> {
            if (value != null) {
                hql.append(" and ").append(field).append(" = :").append(field);
            }
        });
        var q = s.createSelectionQuery(hql.append(" order by createdAt desc, id desc").toString(), entity);
        if (!everyProject) {
            q.setParameter("projectId", auth.projectId());
        }
        equalTo.forEach((field, value) -> {
            if (value != null) {
                q.setParameter(field, value);
            }
        });
        return q.list();
    }

    /** The records after the one with id {@code marker} (Cinder: 404 when it is not in the list), at most limit. */
    static <T> Page<T> page(List<T> all, Function<T, String> id, Integer limit, String marker) {
        int start = 0;
        if (marker != null) {
            int at = -1;
            for (int i = 0; i < all.size(); i++) {
                if (id.apply(all.get(i)).equals(marker)) {
                    at = i;
                }
            }
            if (at < 0) {
                throw ApiException.notFound("Marker " + marker + " could not be found.");
            }
            start = at + 1;
        }
        int end = limit == null ? all.size() : Math.min(all.size(), start + limit);
        return new Page<>(List.copyOf(all.subList(start, end)), limit != null && end < all.size());
    }
}

package org.novalab.api.volume;

import io.vertx.core.MultiMap;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.Set;
import org.novalab.api.http.ApiException;
import org.novalab.api.identity.AuthContext;

/**
 * What a Cinder list request asks beside its filters: {@code limit}, {@code marker}, {@code all_tenants}; and the
 * {@code <collection>_links} next link of its answer. A project member may use only the listed filters (an admin
 * any), as Cinder's {@code query_filters}.
 */
record ListQuery(Integer limit, String marker, boolean allTenants) {
    static ListQuery of(AuthContext auth, MultiMap params, Set<String> memberFilters) {
        for (String name : params.names()) {
            if (!memberFilters.contains(name) && !auth.isAdmin()) {
                throw ApiException.badRequest("Invalid filters " + name + " are found in query options.");
            }
        }
        Integer limit = null;
        String l = params.get("limit");
        if (l != null) {
            if (!l.matches("\\d{1,9}")) {
                throw ApiException.badRequest("Invalid input received: limit param must be an integer");
            }
            limit = Integer.parseInt(l);
        }
        String all = params.get("all_tenants");
        return new ListQuery(limit, params.get("marker"), all != null && !Set.of("0", "false", "False").contains(all));
    }

    /** Cinder's {@code volumes_links}/{@code snapshots_links}: where the page after {@code lastId} starts. */
    void linkNext(JsonObject body, String collection, String listUrl, String lastId) {
        body.put(collection + "_links", new JsonArray().add(new JsonObject().put("rel", "next")
                .put("href", listUrl + "?limit=" + limit + "&marker=" + lastId)));
    }
}

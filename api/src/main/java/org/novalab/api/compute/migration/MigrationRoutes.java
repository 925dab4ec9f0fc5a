package org.novalab.api.compute.migration;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.novalab.api.compute.Microversion;
import org.novalab.api.compute.NovaPolicy;
import org.novalab.api.compute.NovaQuery;
import org.novalab.api.compute.NovaTime;
import org.novalab.api.http.ApiException;
import org.novalab.api.http.BaseUrl;
import org.novalab.api.http.Blocking;
import org.novalab.api.http.Reply;
import org.novalab.api.identity.AuthContext;
import org.novalab.api.identity.AuthFilter;
import org.novalab.api.persistence.Database;

/**
 * {@code GET /os-migrations} (admin): the servers' moves between hosts, filtered by {@code host} (source or
 * destination), {@code status}, {@code instance_uuid}, {@code migration_type} and {@code source_compute}; from 2.23
 * with their type, from 2.59 with their uuid, newest first, paged by {@code limit} and {@code marker} and filtered by
 * {@code changes-since} (2.66 {@code changes-before}), from 2.80 with and by their user and project. Hidden ones
 * are never listed. A resize records one (type {@code resize}, the server's own host both ends), and so do the moves
 * {@code migrate} and {@code os-migrateLive} refuse on a single host (in {@code error}).
 */
public final class MigrationRoutes {
    private static final String POLICY = "os_compute_api:os-migrations:";
    private static final int MAX_LIMIT = 1000;
    /** The live-migration statuses that get links to the server's migration (Nova's in-progress ones). */
    private static final Set<String> LIVE_IN_PROGRESS = Set.of("queued", "preparing", "running", "post-migrating");
    /** The filters every microversion reads, and the database field each compares. */
    private static final Map<String, String> EQUALS = Map.of("status", "status", "instance_uuid", "instanceUuid",
            "migration_type", "migrationType", "source_compute", "sourceCompute");
    private final Database db;
    private final Blocking blocking;

    public MigrationRoutes(Database db, Blocking blocking) {
        this.db = db;
        this.blocking = blocking;
    }

    public void mount(Router router, String v) {
        router.get(v + "/os-migrations").handler(this::list);
    }

    private void list(RoutingContext ctx) {
        AuthContext caller = AuthFilter.of(ctx);
        Microversion v = Microversion.of(ctx);
        String base = BaseUrl.of(ctx);
        blocking.reply(ctx, () -> {
            NovaQuery q = NovaQuery.of(ctx);
            if (v.atLeast(59)) {
                q.strict(allowed(v));
            }
            Integer limit = null;
            String marker = null;
            Instant since = null;
            Instant before = null;
            if (v.atLeast(59)) {
                Integer asked = q.nonNegativeInteger("limit");
                limit = asked == null ? MAX_LIMIT : Math.min(asked, MAX_LIMIT);
                marker = q.string("marker");
                since = q.dateTime("changes-since");
            }
            if (v.atLeast(66)) {
                before = q.dateTime("changes-before");
                if (since != null && before != null && before.isBefore(since)) {
                    throw ApiException.badRequest("The value of changes-since must be less than or equal to "
                            + "changes-before.");
                }
            }
            NovaPolicy.admin(caller, POLICY + "index");
            List<MigrationEntity> found = find(q, v, since, before);
            if (marker != null) {
                found = after(found, marker);
            }
            if (limit != null) {
                found = found.subList(0, Math.min(limit, found.size()));
            }
            JsonArray list = new JsonArray();
            found.forEach(m -> list.add(view(m, v, base)));
            JsonObject body = new JsonObject().put("migrations", list);
            if (limit != null && limit > 0 && found.size() == limit) {
                body.put("migrations_links", new JsonArray().add(new JsonObject().put("rel", "next").put("href",
                        base + "/v2.1/os-migrations?limit=" + limit + "&marker=" + found.get(found.size() - 1).uuid())));
            }
            return Reply.ok(body);
        });
    }

    private static Set<String> allowed(Microversion v) {
        Set<String> allowed = new HashSet<>(Set.of("hidden", "host", "instance_uuid", "source_compute", "status",
                "migration_type", "limit", "marker", "changes-since"));
        if (v.atLeast(66)) {
            allowed.add("changes-before");
        }
        if (v.atLeast(80)) {
            allowed.addAll(Set.of("user_id", "project_id"));
        }
        return allowed;
    }

    /** The migrations the filters let through: in id order before 2.59, newest first from it. */
    private List<MigrationEntity> find(NovaQuery q, Microversion v, Instant since, Instant before) {
        StringBuilder hql = new StringBuilder("from MigrationEntity m where m.hidden = false");
        Map<String, Object> params = new LinkedHashMap<>();
        EQUALS.forEach((name, field) -> {
            String value = q.string(name);
            if (value != null) {
                hql.append(" and m.").append(field).append(" = :").append(field);
                params.put(field, value);
            }
        });
        String host = q.string("host");
        if (host != null) {
            hql.append(" and (m.sourceCompute = :host or m.destCompute = :host)");
            params.put("host", host);
        }
        if (v.atLeast(80)) {
            for (String name : List.of("user_id", "project_id")) {
                String value = q.string(name);
                if (value != null) {
                    String field = name.equals("user_id") ? "userId" : "projectId";
                    hql.append(" and m.").append(field).append(" = :").append(field);
                    params.put(field, value);
                }
            }
        }
        if (since != null) {
            hql.append(" and m.updatedAt >= :since");
            params.put("since", since);
        }
        if (before != null) {
            hql.append(" and m.updatedAt <= :before");
            params.put("before", before);
        }
        hql.append(v.atLeast(59) ? " order by m.createdAt desc, m.id desc" : " order by m.id");
        return db.read(s -> {
            var query = s.createSelectionQuery(hql.toString(), MigrationEntity.class);
            params.forEach(query::setParameter);
            return query.list();
        });
    }

    private static List<MigrationEntity> after(List<MigrationEntity> found, String marker) {
        for (int n = 0; n < found.size(); n++) {
            if (found.get(n).uuid().equals(marker)) {
                return new ArrayList<>(found.subList(n + 1, found.size()));
            }
        }
        throw ApiException.badRequest("Marker " + marker + " could not be found.");
    }

    private static JsonObject view(MigrationEntity m, Microversion v, String base) {
        JsonObject o = new JsonObject().put("id", m.id()).put("status", m.status())
                .put("instance_uuid", m.instanceUuid()).put("source_node", m.sourceNode())
                .put("source_compute", m.sourceCompute()).put("dest_node", m.destNode())
                .put("dest_compute", m.destCompute()).put("dest_host", m.destHost())
                .put("old_instance_type_id", m.oldInstanceTypeId()).put("new_instance_type_id", m.newInstanceTypeId())
                .put("created_at", NovaTime.micros(m.createdAt())).put("updated_at", NovaTime.micros(m.updatedAt()));
        if (v.atLeast(23)) {
            o.put("migration_type", m.migrationType());
            if (m.migrationType().equals("live-migration") && LIVE_IN_PROGRESS.contains(m.status())) {
                String href = "/servers/" + m.instanceUuid() + "/migrations/" + m.id();
                o.put("links", new JsonArray()
                        .add(new JsonObject().put("rel", "self").put("href", base + "/v2.1" + href))
                        .add(new JsonObject().put("rel", "bookmark").put("href", base + href)));
            }
        }
        if (v.atLeast(59)) {
            o.put("uuid", m.uuid());
        }
        if (v.atLeast(80)) {
            o.put("user_id", m.userId()).put("project_id", m.projectId());
        }
        return o;
    }
}

package org.novalab.api.compute;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.novalab.api.http.ApiException;
import org.novalab.api.http.BaseUrl;
import org.novalab.api.http.Blocking;
import org.novalab.api.http.JsonBody;
import org.novalab.api.http.Reply;
import org.novalab.api.identity.AuthContext;
import org.novalab.api.identity.AuthFilter;

/**
 * Nova's flavors: lists (public flavors and those given to the caller's project; an admin chooses with
 * {@code is_public}, {@code minRam}, {@code minDisk}, {@code sort_key}/{@code sort_dir}, paged by {@code limit} and
 * {@code marker}), details, and admin creation.
 */
final class FlavorRoutes {
    private static final int MAX_LIMIT = 1000;
    private static final List<String> SORT_KEYS = List.of("created_at", "description", "disabled", "ephemeral_gb",
            "flavorid", "id", "is_public", "memory_mb", "name", "root_gb", "rxtx_factor", "swap", "updated_at",
            "vcpu_weight", "vcpus");
    private final FlavorService flavors;
    private final Blocking blocking;

    FlavorRoutes(FlavorService flavors, Blocking blocking) {
        this.flavors = flavors;
        this.blocking = blocking;
    }

    void mount(Router router, String v) {
        router.get(v + "/flavors").handler(ctx -> flavorList(ctx, false));
        router.get(v + "/flavors/detail").handler(ctx -> flavorList(ctx, true));
        router.post(v + "/flavors").handler(this::flavorCreate);
        router.get(v + "/flavors/:id").handler(this::flavorShow);
    }

    private void flavorList(RoutingContext ctx, boolean detail) {
        AuthContext caller = AuthFilter.of(ctx);
        Microversion v = Microversion.of(ctx);
        String base = BaseUrl.of(ctx);
        blocking.reply(ctx, () -> {
            NovaQuery q = NovaQuery.of(ctx).allowOnly(v, Set.of("limit", "marker", "is_public", "minRam", "minDisk",
                    "sort_key", "sort_dir"));
            String sortKey = q.oneOf("sort_key", SORT_KEYS);
            String sortDir = q.oneOf("sort_dir", List.of("asc", "desc"));
            Integer asked = q.nonNegativeInteger("limit");
            int limit = asked == null ? MAX_LIMIT : Math.min(asked, MAX_LIMIT);
            Boolean publicOnes = caller.isAdmin() ? isPublic(q.string("is_public")) : Boolean.TRUE;
            List<FlavorEntity> page = flavors.list(caller.projectId(), publicOnes, minimum(q, "minRam"),
                    minimum(q, "minDisk"), sortKey == null || sortKey.isEmpty() ? "flavorid" : sortKey,
                    "desc".equals(sortDir), limit, q.string("marker"));
            JsonArray list = new JsonArray();
            page.forEach(f -> list.add(detail ? FlavorView.detail(base, f, v) : FlavorView.brief(base, f, v)));
            JsonObject body = new JsonObject().put("flavors", list);
            if (limit > 0 && page.size() == limit) {
                body.put("flavors_links", new JsonArray().add(new JsonObject().put("rel", "next").put("href",
                        next(base + "/v2.1/flavors" + (detail ? "/detail" : ""), ctx, page.get(page.size() - 1).id()))));
            }
            return Reply.ok(body);
        });
    }

    /** Nova's {@code _parse_is_public}: absent is true, {@code none} is all, else a strict boolean word. */
    private static Boolean isPublic(String value) {
        if (value == null) {
            return Boolean.TRUE;
        }
        String word = value.strip().toLowerCase(Locale.ROOT);
        if (word.equals("none")) {
            return null;
        }
        if (Set.of("1", "t", "true", "on", "y", "yes").contains(word)) {
            return Boolean.TRUE;
        }
        if (Set.of("0", "f", "false", "off", "n", "no").contains(word)) {
            return Boolean.FALSE;
        }
        throw ApiException.badRequest("Invalid is_public filter [" + value + "]");
    }

    private static Integer minimum(NovaQuery q, String name) {
        String value = q.string(name);
        if (value == null) {
            return null;
        }
        try {
            return Integer.parseInt(value.strip());
        } catch (NumberFormatException e) {
            throw ApiException.badRequest("Invalid " + name + " filter [" + value + "]");
        }
    }

    private static String next(String url, RoutingContext ctx, String lastId) {
        Map<String, String> params = new TreeMap<>();
        ctx.queryParams().names().forEach(n -> params.put(n, ctx.queryParams().get(n)));
        params.put("marker", lastId);
        StringBuilder href = new StringBuilder(url).append('?');
        params.forEach((k, val) -> href.append(href.charAt(href.length() - 1) == '?' ? "" : "&")
                .append(URLEncoder.encode(k, StandardCharsets.UTF_8)).append('=')
                .append(URLEncoder.encode(val, StandardCharsets.UTF_8)));
        return href.toString();
    }

    private void flavorShow(RoutingContext ctx) {
        AuthContext caller = AuthFilter.of(ctx);
        Microversion v = Microversion.of(ctx);
        String base = BaseUrl.of(ctx);
        blocking.reply(ctx, () -> Reply.ok(new JsonObject().put("flavor",
                FlavorView.detail(base, flavors.getVisible(caller, ctx.pathParam("id")), v))));
    }

    private void flavorCreate(RoutingContext ctx) {
        AuthFilter.requireAdmin(ctx, "os_compute_api:os-flavor-manage:create");
        Microversion v = Microversion.of(ctx);
        String base = BaseUrl.of(ctx);
        blocking.reply(ctx, () -> {
            FlavorEntity created = flavors.create(FlavorRequest.parse(JsonBody.object(ctx), v));
            return Reply.ok(new JsonObject().put("flavor", FlavorView.detail(base, created, v)));
        });
    }
}

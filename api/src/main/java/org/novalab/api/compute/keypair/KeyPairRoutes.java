package org.novalab.api.compute.keypair;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import org.novalab.api.compute.Microversion;
import org.novalab.api.compute.NovaQuery;
import org.novalab.api.http.BaseUrl;
import org.novalab.api.http.Blocking;
import org.novalab.api.http.JsonBody;
import org.novalab.api.http.Reply;
import org.novalab.api.identity.AuthContext;
import org.novalab.api.identity.AuthFilter;

/**
 * {@code /os-keypairs}: create or import (200 before 2.2, 201 from it), list (paging from 2.35), show, delete (202
 * before 2.2, 204 from it); an admin names another user with {@code user_id} from 2.10.
 */
public final class KeyPairRoutes {
    private static final int MAX_LIMIT = 1000;
    private final KeyPairService keyPairs;
    private final Blocking blocking;

    public KeyPairRoutes(KeyPairService keyPairs, Blocking blocking) {
        this.keyPairs = keyPairs;
        this.blocking = blocking;
    }

    public void mount(Router router, String v) {
        router.post(v + "/os-keypairs").handler(this::create);
        router.get(v + "/os-keypairs").handler(this::list);
        router.get(v + "/os-keypairs/:name").handler(this::show);
        router.delete(v + "/os-keypairs/:name").handler(this::delete);
    }

    private void create(RoutingContext ctx) {
        AuthContext caller = AuthFilter.of(ctx);
        Microversion v = Microversion.of(ctx);
        blocking.reply(ctx, () -> {
            KeyPairService.Created created = keyPairs.create(caller, KeyPairRequest.parse(JsonBody.object(ctx), v));
            return Reply.of(v.atLeast(2) ? 201 : 200, new JsonObject().put("keypair",
                    KeyPairView.created(created.keyPair(), created.privateKey(), v)));
        });
    }

    private void list(RoutingContext ctx) {
        AuthContext caller = AuthFilter.of(ctx);
        Microversion v = Microversion.of(ctx);
        String base = BaseUrl.of(ctx);
        blocking.reply(ctx, () -> {
            NovaQuery query = NovaQuery.of(ctx).allowOnly(v, Set.of("user_id", "limit", "marker"));
            Optional<String> user = user(query, v);
            boolean paged = v.atLeast(35);
            Integer asked = paged ? query.nonNegativeInteger("limit") : null;
            int limit = asked == null ? MAX_LIMIT : Math.min(asked, MAX_LIMIT);
            String marker = paged ? query.string("marker") : null;
            List<KeyPairEntity> page = keyPairs.list(caller, user, paged ? limit : null, marker);
            JsonArray list = new JsonArray();
            page.forEach(k -> list.add(new JsonObject().put("keypair", KeyPairView.listed(k, v))));
            JsonObject body = new JsonObject().put("keypairs", list);
            if (paged && limit > 0 && page.size() == limit) {
                body.put("keypairs_links", new JsonArray().add(new JsonObject().put("rel", "next")
                        .put("href", next(base, ctx, page.get(page.size() - 1).name()))));
            }
            return Reply.ok(body);
        });
    }

    private void show(RoutingContext ctx) {
        AuthContext caller = AuthFilter.of(ctx);
        Microversion v = Microversion.of(ctx);
        blocking.reply(ctx, () -> {
            NovaQuery query = NovaQuery.of(ctx).allowOnly(v, Set.of("user_id"));
            KeyPairEntity k = keyPairs.get(caller, user(query, v), ctx.pathParam("name"));
            return Reply.ok(new JsonObject().put("keypair", KeyPairView.shown(k, v)));
        });
    }

    private void delete(RoutingContext ctx) {
        AuthContext caller = AuthFilter.of(ctx);
        Microversion v = Microversion.of(ctx);
        blocking.reply(ctx, () -> {
            NovaQuery query = NovaQuery.of(ctx).allowOnly(v, Set.of("user_id"));
            keyPairs.delete(caller, user(query, v), ctx.pathParam("name"));
            return v.atLeast(2) ? Reply.noContent() : new Reply(202, null, Map.of());
        });
    }

    /** {@code ?user_id=} from 2.10 (Nova takes the first one given); before, every user is the caller. */
    private static Optional<String> user(NovaQuery query, Microversion v) {
        if (!v.atLeast(10)) {
            return Optional.empty();
        }
        return Optional.ofNullable(query.first("user_id")).filter(u -> !u.isEmpty());
    }

    /** Nova's next link: the request's parameters in name order, with the marker set to the page's last name. */
    private static String next(String base, RoutingContext ctx, String lastName) {
        Map<String, String> params = new TreeMap<>();
        ctx.queryParams().names().forEach(n -> params.put(n, ctx.queryParams().get(n)));
        params.put("marker", lastName);
        StringBuilder href = new StringBuilder(base).append("/v2.1/os-keypairs?");
        params.forEach((k, val) -> href.append(href.charAt(href.length() - 1) == '?' ? "" : "&")
                .append(URLEncoder.encode(k, StandardCharsets.UTF_8)).append('=')
                .append(URLEncoder.encode(val, StandardCharsets.UTF_8)));
        return href.toString();
    }
}

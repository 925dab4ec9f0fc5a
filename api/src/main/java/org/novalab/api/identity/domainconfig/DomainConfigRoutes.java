package org.novalab.api.identity.domainconfig;

import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import org.novalab.api.http.Blocking;
import org.novalab.api.http.JsonBody;
import org.novalab.api.http.Reply;
import org.novalab.api.identity.AuthFilter;
import org.novalab.api.identity.KeystonePolicy;

/**
 * Keystone's domain configuration: {@code /v3/domains/{id}/config[/{group}[/{option}]]} (PUT creates the whole
 * configuration; GET, HEAD, PATCH and DELETE at each level) and Keystone's defaults at
 * {@code /v3/domains/config[/{group}[/{option}]]/default}. An admin changes it; an admin or a system reader reads.
 */
public final class DomainConfigRoutes {
    private static final String DOMAIN = "/identity/v3/domains/:domain/config";
    private static final String DEFAULTS = "/identity/v3/domains/config";
    private final DomainConfigs configs;
    private final Blocking blocking;
    private final AuthFilter auth;

    public DomainConfigRoutes(DomainConfigs configs, Blocking blocking, AuthFilter auth) {
        this.configs = configs;
        this.blocking = blocking;
        this.auth = auth;
    }

    public void mount(Router router) {
        router.get(DEFAULTS + "/default").handler(auth).handler(ctx -> defaults(ctx, null, null));
        router.get(DEFAULTS + "/:group/default").handler(auth)
                .handler(ctx -> defaults(ctx, ctx.pathParam("group"), null));
        router.get(DEFAULTS + "/:group/:option/default").handler(auth)
                .handler(ctx -> defaults(ctx, ctx.pathParam("group"), ctx.pathParam("option")));

        router.put(DOMAIN).handler(auth).handler(this::create);
        for (String path : new String[] {DOMAIN, DOMAIN + "/:group", DOMAIN + "/:group/:option"}) {
            router.get(path).handler(auth).handler(ctx -> show(ctx, true));
            router.route(HttpMethod.HEAD, path).handler(auth).handler(ctx -> show(ctx, false));
            router.patch(path).handler(auth).handler(this::update);
            router.delete(path).handler(auth).handler(this::delete);
        }
    }

    private void defaults(RoutingContext ctx, String group, String option) {
        KeystonePolicy.adminOrSystemReader(ctx, "identity:get_domain_config_default");
        blocking.reply(ctx, () -> Reply.ok(new JsonObject().put("config", configs.defaults(group, option))));
    }

    private void create(RoutingContext ctx) {
        KeystonePolicy.admin(ctx, "identity:create_domain_config");
        blocking.reply(ctx, () -> {
            DomainConfigs.Created created = configs.create(ctx.pathParam("domain"), config(ctx));
            return Reply.of(created.replaced() ? 200 : 201, new JsonObject().put("config", created.config()));
        });
    }

    private void show(RoutingContext ctx, boolean withBody) {
        KeystonePolicy.adminOrSystemReader(ctx, "identity:get_domain_config");
        blocking.reply(ctx, () -> {
            JsonObject config = configs.get(ctx.pathParam("domain"), ctx.pathParam("group"), ctx.pathParam("option"));
            return withBody ? Reply.ok(new JsonObject().put("config", config))
                    : new Reply(200, null, java.util.Map.of());
        });
    }

    private void update(RoutingContext ctx) {
        KeystonePolicy.admin(ctx, "identity:update_domain_config");
        blocking.reply(ctx, () -> Reply.ok(new JsonObject().put("config", configs.update(ctx.pathParam("domain"),
                ctx.pathParam("group"), ctx.pathParam("option"), config(ctx)))));
    }

    private void delete(RoutingContext ctx) {
        KeystonePolicy.admin(ctx, "identity:delete_domain_config");
        blocking.reply(ctx, () -> {
            configs.delete(ctx.pathParam("domain"), ctx.pathParam("group"), ctx.pathParam("option"));
            return Reply.noContent();
        });
    }

    private static JsonObject config(RoutingContext ctx) {
        JsonObject config = JsonBody.optionalObject(JsonBody.object(ctx), "config");
        return config == null ? new JsonObject() : config;
    }
}

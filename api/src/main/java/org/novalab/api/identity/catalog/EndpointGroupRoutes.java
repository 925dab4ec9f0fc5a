package org.novalab.api.identity.catalog;

import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.util.Set;
import org.novalab.api.http.ApiException;
import org.novalab.api.http.Blocking;
import org.novalab.api.http.JsonBody;
import org.novalab.api.http.Reply;
import org.novalab.api.identity.AuthFilter;
import org.novalab.api.identity.KeystoneJson;
import org.novalab.api.identity.KeystonePolicy;
import org.novalab.api.identity.KeystoneRequests;

/**
 * Keystone's OS-EP-FILTER endpoint groups: {@code /v3/OS-EP-FILTER/endpoint_groups[/{id}]} (with a HEAD check),
 * the endpoints a group matches, and its projects ({@code .../projects/{project}}, {@code
 * /v3/OS-EP-FILTER/projects/{project}/endpoint_groups}). An admin changes them; an admin or a system reader reads.
 */
public final class EndpointGroupRoutes {
    private static final String BASE = "/identity/v3/OS-EP-FILTER";
    private static final String GROUP = BASE + "/endpoint_groups/:group";
    private static final Set<String> FIELDS = Set.of("name", "description", "filters");
    private final EndpointGroups groups;
    private final Blocking blocking;
    private final AuthFilter auth;

    public EndpointGroupRoutes(EndpointGroups groups, Blocking blocking, AuthFilter auth) {
        this.groups = groups;
        this.blocking = blocking;
        this.auth = auth;
    }

    public void mount(Router router) {
        router.get(BASE + "/endpoint_groups").handler(auth).handler(this::list);
        router.post(BASE + "/endpoint_groups").handler(auth).handler(this::create);
        router.get(GROUP).handler(auth).handler(ctx -> show(ctx, true));
        router.route(HttpMethod.HEAD, GROUP).handler(auth).handler(ctx -> show(ctx, false));
        router.patch(GROUP).handler(auth).handler(this::update);
        router.delete(GROUP).handler(auth).handler(this::delete);
        router.get(GROUP + "/endpoints").handler(auth).handler(this::endpoints);
        router.get(GROUP + "/projects").handler(auth).handler(this::projects);
        router.get(GROUP + "/projects/:project").handler(auth).handler(ctx -> association(ctx, true));
        router.route(HttpMethod.HEAD, GROUP + "/projects/:project").handler(auth)
                .handler(ctx -> association(ctx, false));
        router.put(GROUP + "/projects/:project").handler(auth).handler(this::associate);
        router.delete(GROUP + "/projects/:project").handler(auth).handler(this::dissociate);
        router.get(BASE + "/projects/:project/endpoint_groups").handler(auth).handler(this::ofProject);
    }

    private void list(RoutingContext ctx) {
        KeystonePolicy.adminOrSystemReader(ctx, "identity:list_endpoint_groups");
        blocking.reply(ctx, () -> {
            KeystoneJson json = KeystoneJson.of(ctx);
            return Reply.ok(json.collection("endpoint_groups", groups.list(KeystoneRequests.query(ctx, "name")),
                    g -> view(json, g)));
        });
    }

    private void show(RoutingContext ctx, boolean withBody) {
        KeystonePolicy.adminOrSystemReader(ctx, "identity:get_endpoint_group");
        blocking.reply(ctx, () -> {
            EndpointGroupEntity g = groups.group(ctx.pathParam("group"));
            return withBody ? Reply.ok(one(ctx, g)) : new Reply(200, null, java.util.Map.of());
        });
    }

    private void create(RoutingContext ctx) {
        KeystonePolicy.admin(ctx, "identity:create_endpoint_group");
        blocking.reply(ctx, () -> {
            JsonObject body = KeystoneRequests.resource(ctx, "endpoint_group");
            JsonBody.allowOnly(body, FIELDS, "endpoint_group");
            String name = KeystoneRequests.name(body, 255, true);
            return Reply.of(201, one(ctx, groups.create(name, JsonBody.optionalString(body, "description", 1024),
                    JsonBody.optionalObject(body, "filters"))));
        });
    }

    private void update(RoutingContext ctx) {
        KeystonePolicy.admin(ctx, "identity:update_endpoint_group");
        blocking.reply(ctx, () -> {
            JsonObject body = KeystoneRequests.resource(ctx, "endpoint_group");
            JsonBody.allowOnly(body, FIELDS, "endpoint_group");
            if (body.isEmpty()) {
                throw ApiException.badRequest("Invalid input for field 'endpoint_group': {} does not have enough "
                        + "properties");
            }
            return Reply.ok(one(ctx, groups.update(ctx.pathParam("group"), KeystoneRequests.name(body, 255, false),
                    JsonBody.optionalString(body, "description", 1024), body.containsKey("description"),
                    JsonBody.optionalObject(body, "filters"))));
        });
    }

    private void delete(RoutingContext ctx) {
        KeystonePolicy.admin(ctx, "identity:delete_endpoint_group");
        blocking.reply(ctx, () -> {
            groups.delete(ctx.pathParam("group"));
            return Reply.noContent();
        });
    }

    private void endpoints(RoutingContext ctx) {
        KeystonePolicy.adminOrSystemReader(ctx, "identity:list_endpoints_associated_with_endpoint_group");
        blocking.reply(ctx, () -> {
            KeystoneJson json = KeystoneJson.of(ctx);
            return Reply.ok(json.collection("endpoints", groups.endpoints(ctx.pathParam("group")),
                    e -> CatalogJson.endpoint(json, e)));
        });
    }

    private void projects(RoutingContext ctx) {
        KeystonePolicy.adminOrSystemReader(ctx, "identity:list_projects_associated_with_endpoint_group");
        blocking.reply(ctx, () -> {
            KeystoneJson json = KeystoneJson.of(ctx);
            return Reply.ok(json.collection("projects", groups.projects(ctx.pathParam("group")), json::project));
        });
    }

    private void association(RoutingContext ctx, boolean withBody) {
        KeystonePolicy.adminOrSystemReader(ctx, "identity:get_endpoint_group_in_project");
        blocking.reply(ctx, () -> {
            String group = ctx.pathParam("group");
            String project = ctx.pathParam("project");
            groups.requireAssociation(group, project);
            return withBody ? Reply.ok(new JsonObject().put("project_endpoint_group", new JsonObject()
                    .put("endpoint_group_id", group).put("project_id", project).put("links", new JsonObject()
                            .put("self", KeystoneJson.of(ctx).url("OS-EP-FILTER/endpoint_groups", group)
                                    + "/projects/" + project))))
                    : new Reply(200, null, java.util.Map.of());
        });
    }

    private void associate(RoutingContext ctx) {
        KeystonePolicy.admin(ctx, "identity:add_endpoint_group_to_project");
        blocking.reply(ctx, () -> {
            groups.associate(ctx.pathParam("group"), ctx.pathParam("project"));
            return Reply.noContent();
        });
    }

    private void dissociate(RoutingContext ctx) {
        KeystonePolicy.admin(ctx, "identity:remove_endpoint_group_from_project");
        blocking.reply(ctx, () -> {
            groups.dissociate(ctx.pathParam("group"), ctx.pathParam("project"));
            return Reply.noContent();
        });
    }

    private void ofProject(RoutingContext ctx) {
        KeystonePolicy.adminOrSystemReader(ctx, "identity:list_endpoint_groups_for_project");
        blocking.reply(ctx, () -> {
            KeystoneJson json = KeystoneJson.of(ctx);
            return Reply.ok(json.collection("endpoint_groups", groups.ofProject(ctx.pathParam("project")),
                    g -> view(json, g)));
        });
    }

    private static JsonObject one(RoutingContext ctx, EndpointGroupEntity g) {
        return new JsonObject().put("endpoint_group", view(KeystoneJson.of(ctx), g));
    }

    private static JsonObject view(KeystoneJson json, EndpointGroupEntity g) {
        return new JsonObject().put("id", g.id()).put("name", g.name()).put("description", g.description())
                .put("filters", g.filters()).put("links", json.self("OS-EP-FILTER/endpoint_groups", g.id()));
    }
}

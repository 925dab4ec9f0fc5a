package org.novalab.api.identity;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.util.Map;
import org.novalab.api.http.ApiException;
import org.novalab.api.http.Blocking;
import org.novalab.api.http.JsonBody;
import org.novalab.api.http.Reply;

/**
 * Keystone's project tags API under {@code /identity/v3/projects/{id}/tags}: the whole list (show, replace, clear)
 * and one tag (check, add, remove). Reading is for an admin or a token scoped to the project, changing for an admin,
 * as Keystone's default policy has it.
 */
final class ProjectTagRoutes {
    private static final String TAGS = "/identity/v3/projects/:project/tags";
    private final Directory directory;
    private final Blocking blocking;
    private final AuthFilter auth;

    ProjectTagRoutes(Directory directory, Blocking blocking, AuthFilter auth) {
        this.directory = directory;
        this.blocking = blocking;
        this.auth = auth;
    }

    void mount(Router router) {
        router.get(TAGS).handler(auth).handler(this::list);
        router.put(TAGS).handler(auth).handler(this::replace);
        router.delete(TAGS).handler(auth).handler(this::clear);
        router.get(TAGS + "/:tag").handler(auth).handler(this::check);
        router.put(TAGS + "/:tag").handler(auth).handler(this::add);
        router.delete(TAGS + "/:tag").handler(auth).handler(this::remove);
    }

    private void list(RoutingContext ctx) {
        String project = ctx.pathParam("project");
        KeystonePolicy.adminOrScopedProject(ctx, "identity:list_project_tags", project);
        blocking.reply(ctx, () -> Reply.ok(tags(directory.project(project).tags())));
    }

    private void replace(RoutingContext ctx) {
        KeystonePolicy.admin(ctx, "identity:update_project_tags");
        blocking.reply(ctx, () -> {
            JsonObject body = JsonBody.object(ctx);
            JsonBody.allowOnly(body, java.util.Set.of("tags"), null);
            JsonArray wanted = JsonBody.optionalArray(body, "tags");
            if (wanted == null) {
                throw ApiException.badRequest("'tags' is a required property");
            }
            return Reply.ok(tags(directory.tagProject(ctx.pathParam("project"), ProjectTags.check(wanted)).tags()));
        });
    }

    private void clear(RoutingContext ctx) {
        KeystonePolicy.admin(ctx, "identity:delete_project_tags");
        blocking.reply(ctx, () -> {
            directory.tagProject(ctx.pathParam("project"), new JsonArray());
            return Reply.noContent();
        });
    }

    private void check(RoutingContext ctx) {
        String project = ctx.pathParam("project");
        KeystonePolicy.adminOrScopedProject(ctx, "identity:get_project_tag", project);
        String tag = ctx.pathParam("tag");
        blocking.reply(ctx, () -> {
            if (!directory.project(project).tags().contains(tag)) {
                throw notFound(tag);
            }
            return Reply.noContent();
        });
    }

    /** Keystone answers 201 with the tag's URL and no body, also when the project had the tag already. */
    private void add(RoutingContext ctx) {
        KeystonePolicy.admin(ctx, "identity:create_project_tag");
        String project = ctx.pathParam("project");
        String tag = ProjectTags.checkOne(ctx.pathParam("tag"));
        blocking.reply(ctx, () -> {
            directory.tagProject(project, current -> ProjectTags.plus(current, tag));
            return new Reply(201, null, Map.of("Location", KeystoneJson.of(ctx).url("projects", project)
                    + "/tags/" + tag));
        });
    }

    private void remove(RoutingContext ctx) {
        KeystonePolicy.admin(ctx, "identity:delete_project_tag");
        String project = ctx.pathParam("project");
        String tag = ctx.pathParam("tag");
        blocking.reply(ctx, () -> {
            directory.tagProject(project, current -> {
                if (!current.contains(tag)) {
                    throw notFound(tag);
                }
                JsonArray left = current.copy();
                left.remove(tag);
                return left;
            });
            return Reply.noContent();
        });
    }

    private static JsonObject tags(JsonArray tags) {
        return new JsonObject().put("tags", tags);
    }

    private static ApiException notFound(String tag) {
        return ApiException.notFound("Tag " + tag + " was not found.");
    }
}

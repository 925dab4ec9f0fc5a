package org.novalab.api.identity;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import java.util.List;
import java.util.function.Function;
import org.novalab.api.http.BaseUrl;

/**
 * Keystone's bodies: each entity with its {@code links.self}, each collection with {@code links: {self, previous,
 * next}} (Keystone does not page these lists, so previous and next are null), extra attributes shown beside
 * Keystone's own.
 */
final class KeystoneJson {
    private final String v3;
    private final String requestUrl;

    private KeystoneJson(String base, String requestUri) {
        this.v3 = base + "/identity/v3";
        this.requestUrl = base + requestUri;
    }

    static KeystoneJson of(RoutingContext ctx) {
        return new KeystoneJson(BaseUrl.of(ctx), ctx.request().uri());
    }

    String url(String collection, String id) {
        return v3 + "/" + collection + "/" + id;
    }

    <T> JsonObject collection(String name, List<T> items, Function<T, JsonObject> view) {
        JsonArray array = new JsonArray();
        items.forEach(i -> array.add(view.apply(i)));
        return new JsonObject().put(name, array).put("links", new JsonObject().put("self", requestUrl)
                .putNull("previous").putNull("next"));
    }

    JsonObject domain(DomainEntity d) {
        return new JsonObject().put("id", d.id()).put("name", d.name())
                .put("description", d.description() == null ? "" : d.description()).put("enabled", d.enabled())
                .put("tags", new JsonArray()).put("options", new JsonObject()).put("links", self("domains", d.id()));
    }

    JsonObject project(ProjectEntity p) {
        return p.extra().put("id", p.id()).put("name", p.name()).put("domain_id", p.domainId())
                .put("description", p.description() == null ? "" : p.description()).put("enabled", p.enabled())
                .put("parent_id", p.parentId() == null ? p.domainId() : p.parentId()).put("is_domain", false)
                .put("tags", p.tags()).put("options", new JsonObject()).put("links", self("projects", p.id()));
    }

    JsonObject user(UserEntity u) {
        JsonObject json = u.extra().put("id", u.id()).put("name", u.name()).put("domain_id", u.domainId())
                .put("enabled", u.enabled()).putNull("password_expires_at").put("options", new JsonObject())
                .put("links", self("users", u.id()));
        if (u.defaultProjectId() != null) {
            json.put("default_project_id", u.defaultProjectId());
        }
        return json;
    }

    JsonObject role(RoleEntity r) {
        JsonObject json = new JsonObject().put("id", r.id()).put("name", r.name()).putNull("domain_id")
                .put("options", r.immutable() ? new JsonObject().put("immutable", true) : new JsonObject())
                .put("links", self("roles", r.id()));
        if (r.description() != null) {
            json.put("description", r.description());
        }
        return json;
    }

    /** One of {@code GET /v3/role_assignments}, with names when asked ({@code include_names}). */
    JsonObject assignment(Grants.Assignment a, Grants.Names names) {
        JsonObject role = new JsonObject().put("id", a.roleId());
        JsonObject user = new JsonObject().put("id", a.userId());
        JsonObject project = new JsonObject().put("id", a.projectId());
        if (names != null) {
            role.put("name", names.role().name());
            user.put("name", names.user().name()).put("domain", new JsonObject().put("id", names.userDomain().id())
                    .put("name", names.userDomain().name()));
            project.put("name", names.project().name()).put("domain", new JsonObject()
                    .put("id", names.projectDomain().id()).put("name", names.projectDomain().name()));
        }
        String grant = v3 + "/projects/" + a.projectId() + "/users/" + a.userId() + "/roles/";
        JsonObject links = new JsonObject().put("assignment", grant + (a.priorRoleId() == null ? a.roleId()
                : a.priorRoleId()));
        if (a.priorRoleId() != null) {
            links.put("prior_role", url("roles", a.priorRoleId()));
        }
        return new JsonObject().put("role", role).put("user", user)
                .put("scope", new JsonObject().put("project", project)).put("links", links);
    }

    private JsonObject self(String collection, String id) {
        return new JsonObject().put("self", url(collection, id));
    }
}

package org.novalab.api.identity;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.novalab.api.http.BaseUrl;
import org.novalab.api.identity.RoleAssignments.RoleAssignment;

/**
 * Keystone's bodies: each entity with its {@code links.self}, each collection with {@code links: {self, previous,
 * next}} (Keystone does not page these lists, so previous and next are null), extra attributes shown beside
 * Keystone's own.
 */
public final class KeystoneJson {
    private final String v3;
    private final String requestUrl;

    private KeystoneJson(String base, String requestUri) {
        this.v3 = base + "/identity/v3";
        this.requestUrl = base + requestUri;
    }

    public static KeystoneJson of(RoutingContext ctx) {
        return new KeystoneJson(BaseUrl.of(ctx), ctx.request().uri());
    }

    public String url(String collection, String id) {
        return v3 + "/" + collection + "/" + id;
    }

    public <T> JsonObject collection(String name, List<T> items, Function<T, JsonObject> view) {
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

    public JsonObject project(ProjectEntity p) {
        return p.extra().put("id", p.id()).put("name", p.name()).put("domain_id", p.domainId())
                .put("description", p.description() == null ? "" : p.description()).put("enabled", p.enabled())
                .put("parent_id", p.parentId() == null ? p.domainId() : p.parentId()).put("is_domain", false)
                .put("tags", p.tags()).put("options", new JsonObject()).put("links", self("projects", p.id()));
    }

    /** A domain as the projects API shows it: a project acting as a domain, at the top of no domain. */
    JsonObject domainAsProject(DomainEntity d) {
        return new JsonObject().put("id", d.id()).put("name", d.name())
                .put("description", d.description() == null ? "" : d.description()).put("enabled", d.enabled())
                .putNull("domain_id").putNull("parent_id").put("is_domain", true).put("tags", new JsonArray())
                .put("options", new JsonObject()).put("links", self("projects", d.id()));
    }

    JsonObject group(GroupEntity g) {
        return g.extra().put("id", g.id()).put("name", g.name()).put("domain_id", g.domainId())
                .put("description", g.description()).put("links", self("groups", g.id()));
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
        JsonObject json = new JsonObject().put("id", r.id()).put("name", r.name()).put("domain_id", r.domainId())
                .put("options", r.immutable() ? new JsonObject().put("immutable", true) : new JsonObject())
                .put("links", self("roles", r.id()));
        if (r.description() != null) {
            json.put("description", r.description());
        }
        return json;
    }

    /** A role as a role inference rule names it: id, name, link. */
    JsonObject ruleRole(RoleEntity r) {
        return new JsonObject().put("id", r.id()).put("name", r.name()).put("links", self("roles", r.id()));
    }

    /**
     * One of {@code GET /v3/role_assignments}, with names when asked ({@code include_names}). Its links, as
     * Keystone's: the grant it stands for ({@code assignment}; the group's for one that came through a group, the
     * prior role's for an implied one, OS-INHERIT's for an inherited one), the membership it came through, the role
     * that implied it.
     */
    JsonObject assignment(RoleAssignment a, Map<String, Grants.Named> names) {
        JsonObject role = named(names, "role", a.roleId());
        String actorKind = a.actor().kind().word();
        JsonObject scope = a.target().isSystem() ? new JsonObject().put("system", new JsonObject().put("all", true))
                : new JsonObject().put(a.target().kind().word(), named(names, a.target().kind().word(), a.target().id()));
        if (a.inherited()) {
            scope.put("OS-INHERIT:inherited_to", "projects");
        }
        Assignment.Target granted = a.inheritedFrom() != null ? a.inheritedFrom() : a.target();
        StringBuilder grant = new StringBuilder(granted.isSystem() ? "/system"
                : "/" + granted.kind().word() + "s/" + granted.id());
        grant.append(a.groupId() != null ? "/groups/" + a.groupId() : "/" + actorKind + "s/" + a.actor().id());
        grant.append("/roles/").append(a.priorRoleId() != null ? a.priorRoleId() : a.roleId());
        String link = a.inherited() ? v3 + "/OS-INHERIT" + grant + "/inherited_to_projects" : v3 + grant;
        JsonObject links = new JsonObject().put("assignment", link);
        if (a.groupId() != null) {
            links.put("membership", url("groups", a.groupId()) + "/users/" + a.actor().id());
        }
        if (a.priorRoleId() != null) {
            links.put("prior_role", url("roles", a.priorRoleId()));
        }
        return new JsonObject().put("role", role).put(actorKind, named(names, actorKind, a.actor().id()))
                .put("scope", scope).put("links", links);
    }

    /** {@code {"id"}}, with {@code name} and (when it has one) {@code domain} when names were asked for. */
    private static JsonObject named(Map<String, Grants.Named> names, String kind, String id) {
        JsonObject json = new JsonObject().put("id", id);
        Grants.Named n = names == null ? null : names.get(kind + ":" + id);
        if (n != null) {
            json.put("name", n.name());
            if (n.domain() != null) {
                json.put("domain", new JsonObject().put("id", n.domain().id()).put("name", n.domain().name()));
            }
        }
        return json;
    }

    public JsonObject self(String collection, String id) {
        return new JsonObject().put("self", url(collection, id));
    }
}

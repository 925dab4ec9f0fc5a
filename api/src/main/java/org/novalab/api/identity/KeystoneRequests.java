package org.novalab.api.identity;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import java.util.Set;
import org.novalab.api.http.ApiException;
import org.novalab.api.http.JsonBody;

/**
 * Reading Keystone's request bodies as its JSON schemas do: names of 1 to 64 (domains, projects) or 255 (users,
 * groups, roles) characters, not all white space; typed fields; for projects, users and groups, any other attribute
 * is kept as an extra one, the way Keystone stores them.
 */
public final class KeystoneRequests {
    static final int DOMAIN_NAME_LENGTH = 64;
    static final int PROJECT_NAME_LENGTH = 64;
    static final int USER_NAME_LENGTH = 255;
    static final int ROLE_NAME_LENGTH = 255;
    static final int GROUP_NAME_LENGTH = 255;
    static final int DESCRIPTION_LENGTH = 1024;
    static final int ROLE_DESCRIPTION_LENGTH = 255;
    static final int PASSWORD_LENGTH = 4096;
    /** The column that holds the extra attributes. */
    private static final int EXTRA_LENGTH = 8192;
    static final Set<String> PROJECT_FIELDS = Set.of("id", "name", "domain_id", "description", "enabled",
            "parent_id", "is_domain", "tags", "options", "links");
    static final Set<String> GROUP_FIELDS = Set.of("id", "name", "domain_id", "description", "links");
    static final Set<String> USER_FIELDS = Set.of("id", "name", "domain_id", "password", "enabled",
            "default_project_id", "options", "federated", "links", "password_expires_at");

    private KeystoneRequests() {
    }

    public static JsonObject resource(RoutingContext ctx, String name) {
        return JsonBody.requireObject(JsonBody.object(ctx), name);
    }

    static Directory.DomainFields domain(JsonObject d, boolean create) {
        JsonBody.allowOnly(d, Set.of("name", "description", "enabled", "tags", "options"),
                "domain");
        return new Directory.DomainFields(name(d, DOMAIN_NAME_LENGTH, create),
                JsonBody.optionalString(d, "description", DESCRIPTION_LENGTH), optionalBoolean(d, "enabled"));
    }

    static Directory.ProjectFields project(JsonObject p, boolean create) {
        JsonArray tags = JsonBody.optionalArray(p, "tags");
        if (tags != null) {
            ProjectTags.check(tags);
        }
        return new Directory.ProjectFields(name(p, PROJECT_NAME_LENGTH, create),
                JsonBody.optionalString(p, "description", DESCRIPTION_LENGTH), optionalBoolean(p, "enabled"),
                JsonBody.optionalString(p, "domain_id", 64), JsonBody.optionalString(p, "parent_id", 64), tags,
                optionalBoolean(p, "is_domain"), extra(p, PROJECT_FIELDS));
    }

    /** A group: name, description, domain (on create), and any other attribute as an extra one. */
    static Groups.GroupFields group(JsonObject g, boolean create) {
        return new Groups.GroupFields(name(g, GROUP_NAME_LENGTH, create),
                JsonBody.optionalString(g, "description", DESCRIPTION_LENGTH), JsonBody.optionalString(g, "domain_id", 64),
                extra(g, GROUP_FIELDS));
    }

    static Directory.UserFields user(JsonObject u, boolean create) {
        String password = JsonBody.optionalString(u, "password", PASSWORD_LENGTH);
        return new Directory.UserFields(name(u, USER_NAME_LENGTH, create), password, optionalBoolean(u, "enabled"),
                JsonBody.optionalString(u, "domain_id", 64), JsonBody.optionalString(u, "default_project_id", 64),
                u.containsKey("default_project_id"), extra(u, USER_FIELDS));
    }

    /** A role's name, description and domain (Keystone's role schema; a domain makes it domain-specific). */
    static Roles.RoleFields role(JsonObject r, boolean create) {
        JsonBody.allowOnly(r, Set.of("name", "description", "domain_id", "options"), "role");
        return new Roles.RoleFields(name(r, ROLE_NAME_LENGTH, create),
                JsonBody.optionalString(r, "description", ROLE_DESCRIPTION_LENGTH),
                JsonBody.optionalString(r, "domain_id", 64));
    }

    /** Keystone's names: 1 to {@code maxLength} characters, not all of them white space; required on create. */
    public static String name(JsonObject resource, int maxLength, boolean required) {
        if (!required && !resource.containsKey("name")) {
            return null;
        }
        String name = JsonBody.requireString(resource, "name", maxLength);
        if (name.isBlank()) {
            throw ApiException.badRequest("Invalid input for field 'name': '" + name + "' does not match '[\\S]+'");
        }
        return name;
    }

    private static Boolean optionalBoolean(JsonObject o, String field) {
        return o.getValue(field) == null ? null : JsonBody.optionalBoolean(o, field, false);
    }

    /** The attributes Keystone keeps beside its own (its "extra"), as they came, within their column. */
    public static JsonObject extra(JsonObject resource, Set<String> known) {
        JsonObject extra = new JsonObject();
        resource.forEach(e -> {
            if (!known.contains(e.getKey())) {
                extra.put(e.getKey(), e.getValue());
            }
        });
        String encoded = extra.encode();
        if (encoded.length() > EXTRA_LENGTH) {
            throw ApiException.badRequest("The extra attributes (" + String.join(", ", extra.fieldNames())
                    + ") are too long: at most " + EXTRA_LENGTH + " characters of JSON");
        }
        if (encoded.contains("\\u0000")) {
            throw ApiException.badRequest("Invalid input for the extra attributes: " + JsonBody.NUL);
        }
        return extra;
    }

    /** The id a body may carry on an update must be the one of the URL: Keystone's "Cannot change ID". */
    public static void requireMatchingId(JsonObject resource, String pathId) {
        Object id = resource.getValue("id");
        if (id != null && !id.equals(pathId)) {
            throw ApiException.badRequest("Cannot change ID");
        }
    }

    /** Keystone's boolean query parameters: "0" and "false" (any case) are false, anything else true. */
    public static Boolean queryBoolean(RoutingContext ctx, String name) {
        String value = ctx.request().getParam(name);
        if (value == null) {
            return null;
        }
        return !(value.equals("0") || value.equalsIgnoreCase("false"));
    }

    public static String query(RoutingContext ctx, String name) {
        String value = ctx.request().getParam(name);
        return value == null || value.isEmpty() ? null : value;
    }
}

package org.novalab.api.identity.appcred;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.novalab.api.http.ApiException;
import org.novalab.api.http.JsonBody;

/**
 * The body of {@code POST /v3/users/{id}/application_credentials}, checked as Keystone's schema checks it.
 *
 * @param secret    the secret the caller chose, or null for one generated here
 * @param expiresAt null when it never expires
 * @param roles     the roles asked for, each by {@code id} or {@code name}; empty for all of the token's
 */
record ApplicationCredentialRequest(String name, String description, String secret, Instant expiresAt,
        List<RoleName> roles, boolean unrestricted) {
    private static final Set<String> FIELDS = Set.of("name", "description", "secret", "expires_at", "roles",
            "unrestricted", "access_rules");

    /** A role as the request names it. */
    record RoleName(String id, String name) {
        boolean matches(String roleId, String roleName) {
            return id != null ? id.equals(roleId) : name.equals(roleName);
        }

        @Override
        public String toString() {
            return id != null ? id : name;
        }
    }

    static ApplicationCredentialRequest parse(JsonObject body, Instant now) {
        JsonObject c = JsonBody.requireObject(body, "application_credential");
        JsonBody.allowOnly(c, FIELDS, "application_credential");
        JsonArray rules = JsonBody.optionalArray(c, "access_rules");
        if (rules != null && !rules.isEmpty()) {
            // accepted but not enforced would be a credential wider than its owner believes
            throw ApiException.badRequest("Access rules of application credentials are not supported by novalab: "
                    + "leave out 'access_rules'.");
        }
        String name = JsonBody.requireString(c, "name", 255);
        if (name.isBlank()) {
            throw ApiException.badRequest("Invalid input for field 'name': it must not be empty");
        }
        String secret = JsonBody.optionalString(c, "secret", 4096);
        if (secret != null && secret.isEmpty()) {
            throw ApiException.badRequest("Invalid input for field 'secret': it must not be empty");
        }
        return new ApplicationCredentialRequest(name, JsonBody.optionalString(c, "description", 255), secret,
                expiresAt(c.getValue("expires_at"), now), roles(JsonBody.optionalArray(c, "roles")),
                JsonBody.optionalBoolean(c, "unrestricted", false));
    }

    /** Keystone's {@code parse_expiration_date}: ISO 8601, UTC when no offset is given, not in the past. */
    private static Instant expiresAt(Object value, Instant now) {
        if (value == null) {
            return null;
        }
        if (!(value instanceof String text)) {
            throw ApiException.badRequest("Invalid input for field 'expires_at': " + value + " is not a date");
        }
        Instant at;
        try {
            at = OffsetDateTime.parse(text).toInstant();
        } catch (DateTimeParseException withoutOffset) {
            try {
                at = LocalDateTime.parse(text).toInstant(ZoneOffset.UTC);
            } catch (DateTimeParseException e) {
                throw ApiException.badRequest("Invalid input for field 'expires_at': '" + text
                        + "' is not an ISO 8601 date and time");
            }
        }
        if (at.isBefore(now)) {
            throw ApiException.badRequest("The 'expires_at' must not be before now.");
        }
        return at;
    }

    private static List<RoleName> roles(JsonArray roles) {
        List<RoleName> names = new ArrayList<>();
        if (roles == null) {
            return names;
        }
        for (Object role : roles) {
            if (!(role instanceof JsonObject r) || (r.getValue("id") == null && r.getValue("name") == null)) {
                throw ApiException.badRequest("Invalid input for field 'roles': each role needs an 'id' or a 'name'");
            }
            names.add(new RoleName(JsonBody.optionalString(r, "id", 64), JsonBody.optionalString(r, "name", 255)));
        }
        return names;
    }
}

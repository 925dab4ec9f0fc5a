package org.novalab.api.identity.domainconfig;

import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Set;
import org.novalab.api.http.ApiException;

/**
 * The options a domain may set, as Keystone allows them: the identity group's driver and list_limit, the ldap
 * group's connection, schema and pool options (with Keystone's defaults, in {@code defaults.json}), and ldap's
 * password, which is sensitive: stored, never shown, never given a default.
 */
final class ConfigOptions {
    private static final Map<String, Set<String>> SENSITIVE = Map.of("identity", Set.of(), "ldap", Set.of("password"));
    private final JsonObject defaults;

    private ConfigOptions(JsonObject defaults) {
        this.defaults = defaults;
    }

    static ConfigOptions keystones() {
        try (InputStream in = ConfigOptions.class.getResourceAsStream("defaults.json")) {
            return new ConfigOptions(new JsonObject(new String(in.readAllBytes(), StandardCharsets.UTF_8)));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    boolean sensitive(String group, String option) {
        return SENSITIVE.getOrDefault(group, Set.of()).contains(option);
    }

    /** Keystone's 403 for a group or an option it does not let a domain set. */
    void requireValid(String group, String option) {
        if (group == null) {
            return;
        }
        if (!SENSITIVE.containsKey(group)) {
            throw invalid("Group " + group + " is not supported for domain specific configurations");
        }
        if (option != null && !defaults.getJsonObject(group).containsKey(option) && !sensitive(group, option)) {
            throw invalid("Option " + option + " in group " + group + " is not supported for domain specific "
                    + "configurations");
        }
    }

    /** A whole config of a request: groups of options, none empty, every one allowed. */
    void requireValid(JsonObject config) {
        if (config == null || config.isEmpty()) {
            throw invalid("No options specified");
        }
        for (String group : config.fieldNames()) {
            if (!(config.getValue(group) instanceof JsonObject options) || options.isEmpty()) {
                throw invalid("The value of group " + group + " specified in the config should be a dictionary of "
                        + "options");
            }
            for (String option : options.fieldNames()) {
                requireValid(group, option);
            }
        }
    }

    /** The defaults, of every group, of one, or of one option (then {@code {option: value}}, as Keystone answers). */
    JsonObject defaults(String group, String option) {
        requireValid(group, option);
        if (group == null) {
            return defaults.copy();
        }
        if (option == null) {
            return new JsonObject().put(group, defaults.getJsonObject(group).copy());
        }
        if (!defaults.getJsonObject(group).containsKey(option)) {
            throw invalid("Reading the default for option " + option + " in group " + group + " is not supported");
        }
        return new JsonObject().put(option, defaults.getJsonObject(group).getValue(option));
    }

    static ApiException invalid(String reason) {
        return ApiException.forbidden("Invalid domain specific configuration: " + reason + ".");
    }
}

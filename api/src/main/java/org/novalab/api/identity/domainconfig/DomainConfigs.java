package org.novalab.api.identity.domainconfig;

import io.vertx.core.json.Json;
import io.vertx.core.json.JsonObject;
import java.util.List;
import org.hibernate.Session;
import org.novalab.api.http.ApiException;
import org.novalab.api.identity.IdentityStore;
import org.novalab.api.identity.Lookup;
import org.novalab.api.identity.credential.CredentialSeal;

/**
 * Keystone's domain-specific configuration: a domain's own identity and ldap options. A create replaces the whole
 * configuration; an update merges into it (a group's or an option's update only what exists already); reads show
 * the options that are not sensitive.
 */
public final class DomainConfigs {
    private static final String KIND = "domain config";
    private static final int VALUE_BYTES = 4096;
    private final IdentityStore store;
    private final CredentialSeal seal;
    private final ConfigOptions options = ConfigOptions.keystones();

    public DomainConfigs(IdentityStore store, CredentialSeal seal) {
        this.store = store;
        this.seal = seal;
    }

    JsonObject defaults(String group, String option) {
        return options.defaults(group, option);
    }

    /** The new configuration, and whether the domain had one before (Keystone then answers 200, not 201). */
    record Created(JsonObject config, boolean replaced) {
    }

    Created create(String domainId, JsonObject config) {
        options.requireValid(config);
        return store.change(s -> {
            Lookup.requireDomain(s, domainId);
            List<DomainConfigEntity> before = rows(s, domainId, null, null);
            before.forEach(s::remove);
            s.flush();
            config.forEach(g -> ((JsonObject) g.getValue()).forEach(o -> put(s, domainId, g.getKey(), o.getKey(),
                    o.getValue())));
            return new Created(shown(rows(s, domainId, null, null), null), !before.isEmpty());
        });
    }

    JsonObject get(String domainId, String group, String option) {
        return store.read(s -> {
            Lookup.requireDomain(s, domainId);
            options.requireValid(group, option);
            List<DomainConfigEntity> found = rows(s, domainId, group, option).stream()
                    .filter(r -> !r.sensitive()).toList();
            if (found.isEmpty()) {
                throw notFound(domainId, group, option);
            }
            return shown(found, option);
        });
    }

    /** For a group or an option, {@code config} holds only that group or option, which must exist already. */
    JsonObject update(String domainId, String group, String option, JsonObject config) {
        JsonObject update = group != null && option != null ? new JsonObject().put(group, config) : config;
        options.requireValid(update);
        options.requireValid(group, option);
        if (group != null) {
            if (update.size() != 1 || (option != null && update.getJsonObject(group) != null
                    && update.getJsonObject(group).size() != 1)) {
                throw ConfigOptions.invalid(option != null ? "Trying to update option " + option + " in group "
                        + group + ", so that, and only that, option must be specified  in the config"
                        : "Trying to update group " + group + ", so that, and only that, group must be specified "
                        + "in the config");
            }
            if (!update.containsKey(group)) {
                throw ConfigOptions.invalid("request to update group " + group + ", but config provided contains "
                        + "group " + update.fieldNames().iterator().next() + " instead");
            }
            if (option != null && !update.getJsonObject(group).containsKey(option)) {
                throw ConfigOptions.invalid("Trying to update option " + option + " in group " + group
                        + ", but config provided contains option "
                        + update.getJsonObject(group).fieldNames().iterator().next() + " instead");
            }
        }
        return store.change(s -> {
            Lookup.requireDomain(s, domainId);
            if (group != null && rows(s, domainId, group, option).isEmpty()) {
                throw notFound(domainId, group, option);
            }
            update.forEach(g -> ((JsonObject) g.getValue()).forEach(o -> put(s, domainId, g.getKey(), o.getKey(),
                    o.getValue())));
            s.flush();
            return shown(rows(s, domainId, null, null).stream().filter(r -> !r.sensitive()).toList(), null);
        });
    }

    void delete(String domainId, String group, String option) {
        store.change(s -> {
            Lookup.requireDomain(s, domainId);
            options.requireValid(group, option);
            List<DomainConfigEntity> found = rows(s, domainId, group, option);
            if (group != null && found.isEmpty()) {
                throw notFound(domainId, group, option);
            }
            found.forEach(s::remove);
            return null;
        });
    }

    private void put(Session s, String domainId, String group, String option, Object value) {
        DomainConfigEntity.Key key = new DomainConfigEntity.Key(domainId, group, option);
        boolean sensitive = options.sensitive(group, option);
        String json = Json.encode(value);
        // sealed, a value grows by a third and a nonce: this bound keeps any value within its column
        if (json.getBytes(java.nio.charset.StandardCharsets.UTF_8).length > VALUE_BYTES) {
            throw ApiException.badRequest("Invalid input for field 'config': the value of " + group + "." + option
                    + " is longer than " + VALUE_BYTES + " bytes of JSON");
        }
        String stored = sensitive ? seal.seal(KIND, domainId + "/" + group + "/" + option, json) : json;
        DomainConfigEntity row = s.get(DomainConfigEntity.class, key);
        if (row == null) {
            s.persist(new DomainConfigEntity(key, stored, sensitive));
        } else {
            row.set(stored);
        }
    }

    private static List<DomainConfigEntity> rows(Session s, String domainId, String group, String option) {
        var q = s.createSelectionQuery("from DomainConfigEntity c where c.key.domainId = :d"
                + (group == null ? "" : " and c.key.group = :g") + (option == null ? "" : " and c.key.option = :o")
                + " order by c.key.group, c.key.option", DomainConfigEntity.class).setParameter("d", domainId);
        if (group != null) {
            q.setParameter("g", group);
        }
        if (option != null) {
            q.setParameter("o", option);
        }
        return q.list();
    }

    /** The rows as Keystone shows them: groups of options, or {@code {option: value}} for one option. */
    private static JsonObject shown(List<DomainConfigEntity> rows, String option) {
        JsonObject config = new JsonObject();
        for (DomainConfigEntity r : rows) {
            if (r.sensitive()) {
                continue;
            }
            Object value = Json.decodeValue(r.value());
            if (option != null) {
                return new JsonObject().put(r.key().option(), value);
            }
            JsonObject group = config.getJsonObject(r.key().group());
            if (group == null) {
                group = new JsonObject();
                config.put(r.key().group(), group);
            }
            group.put(r.key().option(), value);
        }
        return config;
    }

    private static ApiException notFound(String domainId, String group, String option) {
        String what = option != null ? "option " + option + " in group " + group
                : group != null ? "group " + group : "any options";
        return ApiException.notFound("Could not find " + what + " in domain configuration for domain " + domainId
                + ".");
    }
}

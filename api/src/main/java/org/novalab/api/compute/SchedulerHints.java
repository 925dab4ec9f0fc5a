package org.novalab.api.compute;

import static org.novalab.api.compute.NovaSchema.invalid;
import static org.novalab.api.compute.NovaSchema.notOfType;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

/**
 * Nova's schema for {@code os:scheduler_hints}: an object whose known hints have their types (server groups and
 * hosts by uuid, a query as text or object, a cell by name, an address), and any other hint is allowed. novalab's
 * scheduler reads {@code group} (a server group's policy); the others are checked so that a malformed one is refused
 * as Nova refuses it.
 */
final class SchedulerHints {
    private SchedulerHints() {
    }

    static void check(Object value, String field) {
        JsonObject hints = NovaSchema.object(value, field);
        for (String hint : hints.fieldNames()) {
            Object v = hints.getValue(hint);
            switch (hint) {
                case "group", "different_host", "same_host" -> uuids(v, hint);
                case "query" -> {
                    if (!(v instanceof String || v instanceof JsonObject)) {
                        throw invalid(hint, v, notOfType(v, "string", "object"));
                    }
                }
                case "target_cell" -> NovaSchema.name(v, hint);
                case "different_cell" -> strings(v, hint);
                case "build_near_host_ip" -> {
                    String ip = NovaSchema.string(v, hint, 0, Integer.MAX_VALUE);
                    if (!IpAddressText.isIpv4(ip) && !IpAddressText.isIpv6(ip)) {
                        throw invalid(hint, v, NovaSchema.repr(v) + " is not valid under any of the given schemas");
                    }
                }
                case "cidr" -> {
                    String cidr = NovaSchema.string(v, hint, 0, Integer.MAX_VALUE);
                    if (!cidr.matches("/[0-9a-f.:]+")) {
                        throw invalid(hint, v, NovaSchema.repr(v) + " does not match '^/[0-9a-f.:]+$'");
                    }
                }
                default -> {
                }
            }
        }
    }

    /** The {@code group} hint (a server group's uuid; the first of a list), or null. */
    static String group(Object value) {
        if (!(value instanceof JsonObject hints)) {
            return null;
        }
        Object group = hints.getValue("group");
        if (group instanceof JsonArray list) {
            return list.isEmpty() ? null : (String) list.getValue(0);
        }
        return group instanceof String text ? text : null;
    }

    private static void uuids(Object value, String field) {
        if (value instanceof JsonArray list) {
            list.forEach(item -> NovaSchema.uuid(item, field));
        } else {
            NovaSchema.uuid(value, field);
        }
    }

    private static void strings(Object value, String field) {
        if (value instanceof JsonArray list) {
            list.forEach(item -> NovaSchema.string(item, field, 0, Integer.MAX_VALUE));
        } else {
            NovaSchema.string(value, field, 0, Integer.MAX_VALUE);
        }
    }
}

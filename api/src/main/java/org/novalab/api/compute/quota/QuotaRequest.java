package org.novalab.api.compute.quota;

import io.vertx.core.json.JsonObject;
import java.math.BigInteger;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.novalab.api.compute.Microversion;
import org.novalab.api.compute.NovaSchema;

/**
 * The bodies of {@code PUT /os-quota-sets/{project}} and {@code PUT /os-quota-class-sets/{class}}, checked by Nova's
 * schemas: each limit an integer or a string of digits from -1 (unlimited) to 2^31-1, only the resources of the
 * microversion, and for a quota set Nova's {@code force} boolean.
 */
record QuotaRequest(Map<QuotaResource, Integer> values, boolean force) {
    private static final Pattern LIMIT = Pattern.compile("-?[0-9]+");
    private static final BigInteger MAX = BigInteger.valueOf(0x7FFFFFFF);
    private static final BigInteger MIN = BigInteger.valueOf(-1);

    static QuotaRequest quotaSet(JsonObject body, Microversion v) {
        return parse(body, "quota_set", QuotaResource.quotaSetAt(v), true);
    }

    static QuotaRequest quotaClassSet(JsonObject body, Microversion v) {
        Set<QuotaResource> taken = EnumSet.allOf(QuotaResource.class);
        if (v.atLeast(50)) {
            taken.removeAll(QuotaResource.NOVA_NETWORK);
        }
        if (v.atLeast(57)) {
            taken.removeAll(QuotaResource.INJECTED_FILES_ALL);
        }
        return parse(body, "quota_class_set", taken, false);
    }

    private static QuotaRequest parse(JsonObject body, String wrapper, Set<QuotaResource> taken, boolean withForce) {
        NovaSchema.allowOnly(body, Set.of(wrapper), null);
        NovaSchema.require(body, wrapper, null);
        JsonObject set = NovaSchema.object(body.getValue(wrapper), wrapper);
        Set<String> allowed = taken.stream().map(QuotaResource::key).collect(Collectors.toSet());
        if (withForce) {
            allowed.add("force");
        }
        NovaSchema.allowOnly(set, allowed, wrapper);
        boolean force = false;
        Map<QuotaResource, Integer> values = new EnumMap<>(QuotaResource.class);
        for (String key : set.fieldNames()) {
            if (key.equals("force")) {
                force = NovaSchema.bool(set.getValue(key), key);
            } else {
                values.put(QuotaResource.of(key).orElseThrow(), limit(set.getValue(key), key));
            }
        }
        return new QuotaRequest(values, force);
    }

    /** Nova's {@code _common_quota}: type integer or string, pattern for strings, then minimum and maximum. */
    private static int limit(Object value, String field) {
        BigInteger number;
        if (value instanceof Integer || value instanceof Long) {
            number = BigInteger.valueOf(((Number) value).longValue());
        } else if (value instanceof BigInteger big) {
            number = big;
        } else if (value instanceof String text) {
            if (!LIMIT.matcher(text).matches()) {
                throw NovaSchema.invalid(field, value, NovaSchema.repr(value) + " does not match '^-?[0-9]+$'");
            }
            number = new BigInteger(text);
        } else {
            throw NovaSchema.invalid(field, value, NovaSchema.notOfType(value, "integer", "string"));
        }
        if (number.compareTo(MIN) < 0) {
            throw NovaSchema.invalid(field, value, number + " is less than the minimum of -1");
        }
        if (number.compareTo(MAX) > 0) {
            throw NovaSchema.invalid(field, value, number + " is greater than the maximum of 2147483647");
        }
        return number.intValueExact();
    }
}

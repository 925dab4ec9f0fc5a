package org.novalab.api.placement;

import io.vertx.ext.web.RoutingContext;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;
import org.novalab.api.http.ApiException;

/**
 * A placement query string, checked as placement's schemas check it: only the parameters of the route and the
 * microversion, each given once, with placement's words for what is wrong.
 */
final class PlacementQuery {
    private static final Pattern RESOURCE = Pattern.compile("([A-Z0-9_]+):(\\d+)");
    private static final Pattern TRAIT = Pattern.compile("[A-Z0-9_]{1,255}");
    private final Map<String, List<String>> params;

    private PlacementQuery(Map<String, List<String>> params) {
        this.params = params;
    }

    static PlacementQuery of(RoutingContext ctx, Set<String> allowed) {
        Map<String, List<String>> params = new LinkedHashMap<>();
        for (String name : ctx.queryParams().names()) {
            if (!allowed.contains(name)) {
                throw ApiException.badRequest("Invalid query string parameters: Additional properties are not "
                        + "allowed ('" + name + "' was unexpected)");
            }
            params.put(name, ctx.queryParams().getAll(name));
        }
        return new PlacementQuery(params);
    }

    /** The parameter's one value; more than one is refused (placement takes repeats from later microversions). */
    Optional<String> single(String name) {
        List<String> values = params.get(name);
        if (values == null || values.isEmpty()) {
            return Optional.empty();
        }
        if (values.size() > 1) {
            throw ApiException.badRequest("Invalid query string parameters: " + name + " is given more than once");
        }
        return Optional.of(values.get(0));
    }

    Optional<String> uuid(String name) {
        return single(name).map(value -> {
            try {
                return PlacementRoutes.canonical(value);
            } catch (IllegalArgumentException e) {
                throw ApiException.badRequest("Invalid query string parameters: '" + value + "' is not a 'uuid'");
            }
        });
    }

    /** {@code member_of=in:a,b} or one aggregate uuid. */
    static Set<String> memberOf(String value) {
        String list = value.startsWith("in:") ? value.substring(3) : value;
        Set<String> uuids = new TreeSet<>();
        for (String u : list.split(",")) {
            try {
                uuids.add(PlacementRoutes.canonical(u.trim()));
            } catch (IllegalArgumentException e) {
                throw ApiException.badRequest("Invalid query string parameters: Expected 'member_of' parameter to "
                        + "contain valid UUID(s). Got: " + value);
            }
        }
        return uuids;
    }

    /** {@code resources=VCPU:2,MEMORY_MB:1024}: the amount of each class. */
    static Map<String, Long> resources(String value) {
        Map<String, Long> asked = new LinkedHashMap<>();
        for (String part : value.split(",")) {
            var m = RESOURCE.matcher(part.trim());
            if (!m.matches()) {
                throw ApiException.badRequest("Badly formed resources parameter. Expected resources query string "
                        + "parameter in form: ?resources=VCPU:2,MEMORY_MB:1024. Got: " + value + ".");
            }
            asked.put(m.group(1), Long.parseLong(m.group(2)));
        }
        for (String rc : asked.keySet()) {
            if (!ResourceProviders.CLASSES.contains(rc) && !rc.startsWith("CUSTOM_")) {
                throw ApiException.badRequest("Invalid resource class in resources parameter: No such resource "
                        + "class " + rc + ".");
            }
        }
        return asked;
    }

    record Traits(Set<String> required, Set<String> forbidden) {
        /** Whether a provider with {@code traits} has every required one and no forbidden one. */
        boolean admit(Set<String> traits) {
            return traits.containsAll(required) && forbidden.stream().noneMatch(traits::contains);
        }
    }

    /** {@code required=A,B} and, from 1.22, {@code !C} for a forbidden trait. */
    static Traits traits(String value, boolean forbiddenAllowed) {
        Set<String> required = new TreeSet<>();
        Set<String> forbidden = new TreeSet<>();
        for (String part : value.split(",")) {
            String t = part.trim();
            boolean not = t.startsWith("!");
            String name = not ? t.substring(1) : t;
            if (!TRAIT.matcher(name).matches() || not && !forbiddenAllowed) {
                throw ApiException.badRequest("Invalid query string parameters: Expected 'required' parameter "
                        + "value of the form: HW_CPU_X86_VMX," + (forbiddenAllowed ? "!" : "")
                        + "CUSTOM_MAGIC. Got: " + value);
            }
            (not ? forbidden : required).add(name);
        }
        return new Traits(required, forbidden);
    }

    static boolean bool(String name, String value) {
        return switch (value.toLowerCase(java.util.Locale.ROOT)) {
            case "true", "1", "yes", "on" -> true;
            case "false", "0", "no", "off" -> false;
            default -> throw ApiException.badRequest("Invalid query string parameters: '" + value + "' is not a "
                    + "boolean for " + name);
        };
    }
}

package org.novalab.api.image;

import io.vertx.core.MultiMap;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.function.Function;
import java.util.function.Predicate;
import org.novalab.api.http.ApiException;
import org.novalab.image.ImageRecord;
import org.novalab.image.MemberStatus;

/**
 * The query of {@code GET /v2/images}, read as Glance reads it before it looks anything up: filters on the core
 * attributes ({@code name}, {@code status}, {@code disk_format}, ... with Glance's {@code in:} and {@code eq:}
 * operators), ranges ({@code size_min}, {@code size_max}), times ({@code created_at=gt:...}), {@code tag} (each one
 * required), {@code visibility}, {@code member_status}, any other parameter as an extra property's value; the sort
 * ({@code sort_key}/{@code sort_dir} repeated, or {@code sort=key:dir,...}); {@code limit} and {@code marker}. A
 * value Glance refuses is its 400, with its words.
 */
final class ImageListQuery {
    static final List<String> SORT_KEYS = List.of("name", "status", "container_format", "disk_format", "size", "id",
            "created_at", "updated_at");
    static final List<String> VISIBILITIES = List.of("community", "public", "private", "shared", "all");
    static final int DEFAULT_LIMIT = 25;
    static final int MAX_LIMIT = 1000;
    private static final Set<String> CONTROL = Set.of("limit", "marker", "member_status", "tag", "sort", "sort_key",
            "sort_dir", "visibility", "os_hidden", "protected", "changes-since");
    private static final Set<String> OPERATOR_FILTERS = Set.of("name", "id", "status", "container_format",
            "disk_format");
    private static final Set<String> RANGES = Set.of("size", "virtual_size", "min_disk", "min_ram");
    private static final Set<String> TIMES = Set.of("created_at", "updated_at");
    private static final Map<String, Function<ImageRecord, Object>> ATTRIBUTES = Map.ofEntries(
            Map.entry("name", ImageRecord::name), Map.entry("id", ImageRecord::id),
            Map.entry("status", i -> i.status().glanceName()), Map.entry("container_format", ImageRecord::containerFormat),
            Map.entry("disk_format", ImageRecord::diskFormat), Map.entry("size", ImageRecord::size),
            Map.entry("virtual_size", ImageRecord::virtualSize), Map.entry("min_disk", ImageRecord::minDisk),
            Map.entry("min_ram", ImageRecord::minRam), Map.entry("owner", ImageRecord::owner),
            Map.entry("checksum", ImageRecord::checksum), Map.entry("os_hash_value", ImageRecord::osHashValue),
            Map.entry("os_hash_algo", ImageRecord::osHashAlgo),
            Map.entry("created_at", ImageRecord::createdAt), Map.entry("updated_at", ImageRecord::updatedAt));

    /** One sort key and its direction. */
    record Sort(String key, boolean ascending) {
    }

    private final List<Predicate<ImageRecord>> filters = new ArrayList<>();
    private final List<Sort> sorts = new ArrayList<>();
    private final String visibility;
    private final String memberStatus;
    private final String marker;
    private final int limit;

    private ImageListQuery(MultiMap params) {
        if (params.contains("changes-since")) {
            throw ApiException.badRequest("The \"changes-since\" filter is no longer available on v2.");
        }
        this.visibility = blankToNull(params.get("visibility"));
        if (visibility != null && !VISIBILITIES.contains(visibility)) {
            throw ApiException.badRequest("Invalid visibility value: " + visibility);
        }
        this.memberStatus = params.contains("member_status") ? params.get("member_status") : "accepted";
        if (!memberStatus.equals("all") && MemberStatus.fromGlanceName(memberStatus).isEmpty()) {
            throw ApiException.badRequest("Invalid status: " + memberStatus);
        }
        this.marker = params.get("marker");
        this.limit = params.contains("limit") ? limit(params.get("limit")) : DEFAULT_LIMIT;
        readSort(params);
        String hidden = params.contains("os_hidden") ? params.get("os_hidden").toLowerCase(java.util.Locale.ROOT)
                : "false";
        if (!hidden.equals("true") && !hidden.equals("false")) {
            throw ApiException.badRequest("Invalid value '" + hidden + "' for 'os_hidden' filter. Valid values are "
                    + "'true' or 'false'.");
        }
        boolean wantHidden = hidden.equals("true");
        filters.add(i -> i.hidden() == wantHidden);
        if (params.contains("protected")) {
            String value = params.get("protected");
            if (!value.equals("true") && !value.equals("false")) {
                throw ApiException.badRequest("Invalid value '" + value + "' for 'protected' filter. Valid values "
                        + "are 'true' or 'false'.");
            }
            boolean wanted = value.equals("true");
            filters.add(i -> i.isProtected() == wanted);
        }
        for (String tag : params.getAll("tag")) {
            String wanted = tag.strip();
            filters.add(i -> i.tags().contains(wanted));
        }
        for (String name : params.names()) {
            if (!CONTROL.contains(name)) {
                filters.add(filter(name, params.get(name)));
            }
        }
    }

    static ImageListQuery parse(MultiMap params) {
        return new ImageListQuery(params);
    }

    /** The visibility asked for (public, private, shared, community, all), or null. */
    String visibility() {
        return visibility;
    }

    /** Which of the images shared with the caller are listed: pending, accepted (by default), rejected, all. */
    String memberStatus() {
        return memberStatus;
    }

    String marker() {
        return marker;
    }

    int limit() {
        return limit;
    }

    List<Sort> sorts() {
        return List.copyOf(sorts);
    }

    boolean matches(ImageRecord image) {
        return filters.stream().allMatch(f -> f.test(image));
    }

    /**
     * Glance's order: the sort keys, then created_at and id (in the one direction given, or descending) so that
     * the order is total and a marker names a place in it. Unset values come first in ascending order.
     */
    Comparator<ImageRecord> order() {
        List<Sort> all = new ArrayList<>(sorts);
        boolean tieAscending = sorts.size() == 1 && sorts.get(0).ascending();
        for (String key : List.of("created_at", "id")) {
            if (all.stream().noneMatch(s -> s.key().equals(key))) {
                all.add(new Sort(key, tieAscending));
            }
        }
        Comparator<ImageRecord> order = null;
        for (Sort sort : all) {
            Function<ImageRecord, Object> attribute = ATTRIBUTES.get(sort.key());
            Comparator<ImageRecord> one = Comparator.comparing(i -> comparable(attribute.apply(i)),
                    Comparator.nullsFirst(Comparator.naturalOrder()));
            if (!sort.ascending()) {
                one = one.reversed();
            }
            order = order == null ? one : order.thenComparing(one);
        }
        return order;
    }

    @SuppressWarnings("unchecked")
    private static Comparable<Object> comparable(Object value) {
        return (Comparable<Object>) value;
    }

    private void readSort(MultiMap params) {
        if (params.contains("sort")) {
            if (params.contains("sort_key") || params.contains("sort_dir")) {
                throw ApiException.badRequest("Old and new sorting syntax cannot be combined");
            }
            for (String part : params.get("sort").strip().split(",", -1)) {
                int colon = part.indexOf(':');
                String key = colon < 0 ? part : part.substring(0, colon);
                String dir = colon < 0 || part.substring(colon + 1).isEmpty() ? "desc" : part.substring(colon + 1);
                sorts.add(new Sort(sortKey(key.strip()), ascending(dir.strip())));
            }
            return;
        }
        List<String> keys = params.getAll("sort_key").stream().map(k -> sortKey(k.strip())).toList();
        List<Boolean> dirs = params.getAll("sort_dir").stream().map(d -> ascending(d.strip())).toList();
        if (dirs.size() > 1 && dirs.size() != keys.size()) {
            throw ApiException.badRequest("Number of sort dirs does not match the number of sort keys");
        }
        List<String> effectiveKeys = keys.isEmpty() ? List.of("created_at") : keys;
        for (int k = 0; k < effectiveKeys.size(); k++) {
            boolean asc = dirs.isEmpty() ? false : dirs.size() == 1 ? dirs.get(0) : dirs.get(k);
            sorts.add(new Sort(effectiveKeys.get(k), asc));
        }
    }

    private static String sortKey(String key) {
        if (!SORT_KEYS.contains(key)) {
            throw ApiException.badRequest("Invalid sort key: " + key + ". It must be one of the following: "
                    + String.join(", ", SORT_KEYS) + ".");
        }
        return key;
    }

    private static boolean ascending(String dir) {
        if (!dir.equals("asc") && !dir.equals("desc")) {
            throw ApiException.badRequest("Invalid sort direction: " + dir);
        }
        return dir.equals("asc");
    }

    private static int limit(String text) {
        int value;
        try {
            value = Integer.parseInt(text.strip());
        } catch (NumberFormatException e) {
            throw ApiException.badRequest("limit param must be an integer");
        }
        if (value < 0) {
            throw ApiException.badRequest("limit param must be positive");
        }
        return Math.min(value, MAX_LIMIT);
    }

    private static Predicate<ImageRecord> filter(String name, String value) {
        if ((name.endsWith("_min") || name.endsWith("_max")) && RANGES.contains(name.substring(0, name.length() - 4))) {
            Function<ImageRecord, Object> attribute = ATTRIBUTES.get(name.substring(0, name.length() - 4));
            long bound;
            try {
                bound = Long.parseLong(value.strip());
            } catch (NumberFormatException e) {
                throw ApiException.badRequest("Unable to filter on a range with a non-numeric value.");
            }
            boolean min = name.endsWith("_min");
            return i -> attribute.apply(i) instanceof Number n && (min ? n.longValue() >= bound : n.longValue() <= bound);
        }
        if (TIMES.contains(name)) {
            return timeFilter(name, value);
        }
        if (OPERATOR_FILTERS.contains(name)) {
            Function<ImageRecord, Object> attribute = ATTRIBUTES.get(name);
            int colon = value.indexOf(':');
            String operator = colon < 0 ? "eq" : value.substring(0, colon);
            String operand = colon < 0 ? value : value.substring(colon + 1);
            if (operator.equals("in")) {
                List<String> wanted = splitQuoted(operand);
                return i -> wanted.contains(text(attribute.apply(i)));
            }
            if (operator.equals("eq")) {
                return i -> operand.equals(text(attribute.apply(i)));
            }
            throw ApiException.badRequest("Unable to filter by unknown operator '" + operator + "'.");
        }
        Function<ImageRecord, Object> attribute = ATTRIBUTES.get(name);
        if (attribute != null) {
            return i -> value.equals(text(attribute.apply(i)));
        }
        return i -> value.equals(i.properties().get(name));
    }

    private static Predicate<ImageRecord> timeFilter(String name, String value) {
        Function<ImageRecord, Object> attribute = ATTRIBUTES.get(name);
        String operator = "eq";
        String time = value;
        int colon = value.indexOf(':');
        if (colon > 0 && !startsWithDate(value)) {
            operator = value.substring(0, colon);
            time = value.substring(colon + 1);
        }
        Instant threshold;
        try {
            threshold = OffsetDateTime.parse(time.strip()).toInstant();
        } catch (DateTimeParseException e) {
            try {
                threshold = Instant.parse(time.strip() + (time.strip().length() == 19 ? "Z" : ""));
            } catch (DateTimeParseException again) {
                throw ApiException.badRequest("Bad \"" + name + "\" query filter format. Use ISO 8601 DateTime "
                        + "notation.");
            }
        }
        Instant at = threshold;
        Predicate<Integer> test = switch (operator) {
            case "eq" -> c -> c == 0;
            case "neq" -> c -> c != 0;
            case "gt" -> c -> c > 0;
            case "gte" -> c -> c >= 0;
            case "lt" -> c -> c < 0;
            case "lte" -> c -> c <= 0;
            default -> throw ApiException.badRequest("Invalid operator: " + operator);
        };
        return i -> attribute.apply(i) instanceof Instant t
                && test.test(t.truncatedTo(java.time.temporal.ChronoUnit.SECONDS).compareTo(at));
    }

    private static boolean startsWithDate(String value) {
        return value.length() >= 4 && value.substring(0, 4).chars().allMatch(Character::isDigit);
    }

    /** Glance's list of values: comma-separated, each optionally in double quotes (then it may hold commas). */
    private static List<String> splitQuoted(String list) {
        List<String> values = new ArrayList<>();
        StringBuilder current = new StringBuilder();
        boolean quoted = false;
        for (int k = 0; k < list.length(); k++) {
            char c = list.charAt(k);
            if (c == '\\' && k + 1 < list.length() && list.charAt(k + 1) == '"') {
                current.append('"');
                k++;
            } else if (c == '"') {
                quoted = !quoted;
            } else if (c == ',' && !quoted) {
                values.add(current.toString());
                current.setLength(0);
            } else {
                current.append(c);
            }
        }
        if (quoted) {
            throw ApiException.badRequest("Invalid filter value " + list + ". The quote is not closed.");
        }
        values.add(current.toString());
        return values;
    }

    private static String text(Object value) {
        return value == null ? null : Objects.toString(value);
    }

    private static String blankToNull(String value) {
        return value == null || value.isEmpty() ? null : value;
    }
}

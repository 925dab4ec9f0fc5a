package org.novalab.api.compute;

import io.vertx.ext.web.RoutingContext;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.novalab.api.http.ApiException;

/**
 * A query string read as Nova's query schemas read it: every parameter may be given more than once and each value
 * is checked ("Invalid input for query parameters limit. Value: x. 'x' does not match '^[0-9]*$'"); from 2.75 on
 * a parameter the schema does not name is refused, before that it is ignored.
 */
public final class NovaQuery {
    private static final Pattern DIGITS = Pattern.compile("[0-9]*");
    private final RoutingContext ctx;

    private NovaQuery(RoutingContext ctx) {
        this.ctx = ctx;
    }

    public static NovaQuery of(RoutingContext ctx) {
        return new NovaQuery(ctx);
    }

    /** Refuses parameters other than {@code allowed} when the schema of {@code version} does (2.75 and later). */
    public NovaQuery allowOnly(Microversion version, Set<String> allowed) {
        return version.atLeast(75) ? strict(allowed) : this;
    }

    /** Refuses parameters other than {@code allowed} (a schema with {@code additionalProperties: False}). */
    public NovaQuery strict(Set<String> allowed) {
        Set<String> unexpected = new TreeSet<>(ctx.queryParams().names());
        unexpected.removeAll(allowed);
        if (!unexpected.isEmpty()) {
            String names = unexpected.stream().map(NovaSchema::repr).collect(Collectors.joining(", "));
            throw ApiException.badRequest("Additional properties are not allowed (" + names
                    + (unexpected.size() == 1 ? " was" : " were") + " unexpected)");
        }
        return this;
    }

    public boolean has(String name) {
        return ctx.queryParams().contains(name);
    }

    /** The parameter's value (the last one given, as webob's {@code GET.get} answers), or null. */
    public String string(String name) {
        List<String> values = ctx.queryParams().getAll(name);
        return values.isEmpty() ? null : values.get(values.size() - 1);
    }

    /** The first value given (what Nova reads with {@code GET.getall(name)[0]}), or null. */
    public String first(String name) {
        List<String> values = ctx.queryParams().getAll(name);
        return values.isEmpty() ? null : values.get(0);
    }

    /** Like {@link #string} but an empty value is no value. */
    public String nonEmpty(String name) {
        String value = string(name);
        return value == null || value.isEmpty() ? null : value;
    }

    /** Nova's {@code non_negative_integer}: digits only, at least one. */
    public Integer nonNegativeInteger(String name) {
        List<String> values = ctx.queryParams().getAll(name);
        for (String value : values) {
            if (!DIGITS.matcher(value).matches()) {
                throw invalid(name, value, NovaSchema.repr(value) + " does not match '^[0-9]*$'");
            }
            if (value.isEmpty()) {
                throw invalid(name, value, "'' is too short");
            }
        }
        if (values.isEmpty()) {
            return null;
        }
        String last = values.get(values.size() - 1);
        try {
            return Integer.parseInt(last);
        } catch (NumberFormatException e) {
            return Integer.MAX_VALUE; // beyond any limit: the caller caps it
        }
    }

    /** Nova's {@code parameter_types.boolean} in a query: its words, refused otherwise. */
    public Boolean bool(String name) {
        String value = string(name);
        if (value == null) {
            return null;
        }
        if (!NovaSchema.BOOLEAN.contains(value)) {
            throw invalid(name, value, NovaSchema.repr(value) + " is not one of "
                    + NovaSchema.BOOLEAN.stream().map(NovaSchema::repr).collect(Collectors.joining(", ", "[", "]")));
        }
        return NovaSchema.bool(value, name);
    }

    /**
     * Nova's {@code date-time} format as its checker reads it ({@code timeutils.parse_isotime}): an ISO 8601 time,
     * with an offset or in UTC (when it names no offset), or null when not given.
     */
    public Instant dateTime(String name) {
        String value = string(name);
        if (value == null) {
            return null;
        }
        try {
            return OffsetDateTime.parse(value).toInstant();
        } catch (DateTimeParseException e) {
            try {
                return LocalDateTime.parse(value).toInstant(ZoneOffset.UTC);
            } catch (DateTimeParseException again) {
                throw invalid(name, value, "'" + value + "' is not a 'date-time'");
            }
        }
    }

    /** One of {@code allowed}, or null when not given. */
    public String oneOf(String name, List<String> allowed) {
        String value = string(name);
        if (value != null && !allowed.contains(value)) {
            throw invalid(name, value, NovaSchema.repr(value) + " is not one of "
                    + allowed.stream().map(NovaSchema::repr).collect(Collectors.joining(", ", "[", "]")));
        }
        return value;
    }

    public static ApiException invalid(String name, String value, String reason) {
        return ApiException.badRequest("Invalid input for query parameters " + name + ". Value: " + value + ". "
                + reason);
    }
}

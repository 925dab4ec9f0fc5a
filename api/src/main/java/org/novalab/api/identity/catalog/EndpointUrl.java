package org.novalab.api.identity.catalog;

import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.novalab.api.http.ApiException;

/**
 * Keystone's endpoint URL templates: {@code $(name)s} stands for a value known when a token's catalog is made, of
 * the names Keystone allows ({@code public_endpoint}: the address the client reached this server at, so the seeded
 * endpoints work on any address; {@code project_id}/{@code tenant_id}: the token's project; {@code user_id}).
 * As in Keystone's Python formatting, a {@code %} must be doubled.
 */
public final class EndpointUrl {
    static final Set<String> NAMES = Set.of("tenant_id", "project_id", "user_id", "compute_host", "public_endpoint");

    private EndpointUrl() {
    }

    /** Keystone's check at create: every substitution is one it knows, and the template is well formed. */
    static void requireValid(String url) {
        if (fill(url, name -> Optional.of("")) == null) {
            throw invalid(url);
        }
    }

    /**
     * The URL with its substitutions filled from {@code values}; empty when it names a value the token has not (a
     * project in a token without one) or cannot be read: such an endpoint is left out of the catalog.
     */
    public static Optional<String> format(String url, Map<String, String> values) {
        return Optional.ofNullable(fill(url, name -> Optional.ofNullable(values.get(name))));
    }

    private static String fill(String url, java.util.function.Function<String, Optional<String>> values) {
        String template = url.replace("$(", "%(");
        StringBuilder out = new StringBuilder();
        int i = 0;
        while (i < template.length()) {
            char c = template.charAt(i);
            if (c != '%') {
                out.append(c);
                i++;
            } else if (i + 1 < template.length() && template.charAt(i + 1) == '%') {
                out.append('%');
                i += 2;
            } else if (i + 1 < template.length() && template.charAt(i + 1) == '(') {
                int close = template.indexOf(')', i);
                if (close < 0 || close + 1 >= template.length() || template.charAt(close + 1) != 's') {
                    return null;
                }
                String name = template.substring(i + 2, close);
                if (!NAMES.contains(name)) {
                    return null;
                }
                Optional<String> value = values.apply(name);
                if (value.isEmpty()) {
                    return null;
                }
                out.append(value.get());
                i = close + 2;
            } else {
                return null;
            }
        }
        return out.toString();
    }

    private static ApiException invalid(String url) {
        return ApiException.badRequest("Cannot create an endpoint with an invalid URL: " + url + ".");
    }
}

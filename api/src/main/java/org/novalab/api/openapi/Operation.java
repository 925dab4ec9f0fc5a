package org.novalab.api.openapi;

import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One operation as OpenAPI names it: an HTTP method and a path template with {@code {param}} segments
 * ({@code GET /v2.1/servers/{server_id}}).
 */
public record Operation(String method, String template) implements Comparable<Operation> {
    private static final Pattern VERTX_PARAM = Pattern.compile(":([A-Za-z0-9_]+)");

    public Operation {
        method = method.toUpperCase(Locale.ROOT);
    }

    /**
     * The OpenAPI template of a Vert.x route path: {@code :id} becomes {@code {id}}, and a trailing wildcard
     * ({@code /ui/*}, any file below) becomes one {@code {file}} segment, the way the document names it.
     */
    static String templateOf(String vertxPath) {
        String path = vertxPath.endsWith("/*") ? vertxPath.substring(0, vertxPath.length() - 1) + "{file}"
                : vertxPath;
        Matcher m = VERTX_PARAM.matcher(path);
        return m.replaceAll("{$1}");
    }

    @Override
    public int compareTo(Operation other) {
        int byPath = template.compareTo(other.template);
        return byPath != 0 ? byPath : method.compareTo(other.method);
    }

    @Override
    public String toString() {
        return method + " " + template;
    }
}

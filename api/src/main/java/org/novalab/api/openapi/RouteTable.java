package org.novalab.api.openapi;

import io.vertx.core.http.HttpMethod;
import io.vertx.ext.web.Route;
import io.vertx.ext.web.Router;
import java.util.Set;
import java.util.SortedSet;
import java.util.TreeSet;
import java.util.regex.Pattern;

/**
 * The operations a Vert.x router answers, read from its routes. A route that names methods is an endpoint; one that
 * names none is a filter every request under its prefix passes (the token check on {@code /v2/*}, the body
 * handler) and answers nothing itself. A regex route is named by its regex: a plain path ({@code /ui}) as such, any
 * other as {@code regex:...}, which no document has, so the coverage check names it.
 */
public final class RouteTable {
    private static final Pattern PLAIN_PATH = Pattern.compile("/[A-Za-z0-9_./-]*");

    private RouteTable() {
    }

    public static SortedSet<Operation> of(Router router) {
        SortedSet<Operation> operations = new TreeSet<>();
        for (Route route : router.getRoutes()) {
            Set<HttpMethod> methods = route.methods();
            if (methods == null || methods.isEmpty()) {
                continue;
            }
            String path = pathOf(route);
            for (HttpMethod method : methods) {
                operations.add(new Operation(method.name(), path));
            }
        }
        return operations;
    }

    private static String pathOf(Route route) {
        if (route.getPath() == null && route.isRegexPath()) {
            String regex = route.getName();
            // not an error here: the coverage check names it, and the server still starts
            return regex != null && PLAIN_PATH.matcher(regex).matches() ? regex : "regex:" + regex;
        }
        if (route.getPath() == null) {
            return "*"; // a method on every path: no OpenAPI path can document it
        }
        // a template with :params is matched by a regex, but keeps its path; Vert.x keeps "/ui/*" as the prefix
        // "/ui/" with isExactPath() false
        String path = route.getPath();
        return Operation.templateOf(route.isExactPath() ? path : path + "*");
    }
}

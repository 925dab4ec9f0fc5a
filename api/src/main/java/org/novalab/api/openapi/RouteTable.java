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
 * handler) and answers nothing itself. A regex route counts only when its regex is a plain path ({@code /ui}).
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
            if (regex == null || !PLAIN_PATH.matcher(regex).matches()) {
                throw new IllegalStateException("a regex route cannot be named in OpenAPI: " + regex
                        + " (register it with a path template instead)");
            }
            return regex;
        }
        if (route.getPath() == null) {
            throw new IllegalStateException("a route answers " + route.methods() + " on every path");
        }
        // a template with :params is matched by a regex, but keeps its path
        String path = route.getPath();
        // Vert.x keeps "/ui/*" as the prefix "/ui/" with isExactPath() false
        return Operation.templateOf(route.isExactPath() ? path : path + "*");
    }
}

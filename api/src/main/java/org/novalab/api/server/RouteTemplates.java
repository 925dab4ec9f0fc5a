package org.novalab.api.server;

import io.vertx.core.http.HttpMethod;
import io.vertx.ext.web.Route;
import io.vertx.ext.web.Router;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Set;

/**
 * Names a request by the route that answers it ({@code /v2.1/servers/:id}), not by its path, so the access log can
 * be summed per route and holds no ids or names from the path. Read from the complete router: the route with the
 * most literal segments whose pattern and method match wins ({@code /servers/detail} before {@code /servers/:id});
 * a path no route answers is {@value #UNMATCHED}, so typos do not each become a route of their own.
 */
final class RouteTemplates {
    static final String UNMATCHED = "-";
    private final List<Template> templates;

    private RouteTemplates(List<Template> templates) {
        this.templates = templates;
    }

    static RouteTemplates of(Router router) {
        List<Template> templates = new ArrayList<>();
        for (Route route : router.getRoutes()) {
            // prefix filters ("/v2.1/*") and path-less handlers answer nothing themselves
            if (route.getPath() != null && !route.getPath().endsWith("/") || "/".equals(route.getPath())) {
                templates.add(Template.parse(route.getPath(), route.methods()));
            }
        }
        templates.sort(Comparator.comparingInt(Template::literals).reversed());
        return new RouteTemplates(List.copyOf(templates));
    }

    /**
     * The templates of a router, read at the first answer: every feature has mounted its routes before the server
     * listens. The access log and the HTTP metrics share one.
     */
    static final class Lazy {
        private final Router router;
        private volatile RouteTemplates templates;

        Lazy(Router router) {
            this.router = router;
        }

        RouteTemplates get() {
            RouteTemplates known = templates;
            if (known == null) {
                known = RouteTemplates.of(router);
                templates = known;
            }
            return known;
        }
    }

    String nameOf(HttpMethod method, String path) {
        if (path == null) {
            return UNMATCHED;
        }
        String[] segments = segments(path);
        for (Template template : templates) {
            if (template.matches(method, segments)) {
                return template.pattern();
            }
        }
        return UNMATCHED;
    }

    private static String[] segments(String path) {
        String trimmed = path.startsWith("/") ? path.substring(1) : path;
        return trimmed.isEmpty() ? new String[0] : trimmed.split("/", -1);
    }

    /** One route's pattern: literal segments and {@code :param} segments. */
    private record Template(String pattern, String[] segments, int literals, Set<HttpMethod> methods) {
        static Template parse(String pattern, Set<HttpMethod> methods) {
            String[] segments = RouteTemplates.segments(pattern);
            int literals = 0;
            for (String segment : segments) {
                if (!segment.startsWith(":")) {
                    literals++;
                }
            }
            return new Template(pattern, segments, literals, methods == null ? Set.of() : methods);
        }

        boolean matches(HttpMethod method, String[] path) {
            if (!methods.isEmpty() && !methods.contains(method) || path.length != segments.length) {
                return false;
            }
            for (int i = 0; i < segments.length; i++) {
                String segment = segments[i];
                if (segment.startsWith(":") ? path[i].isEmpty() : !segment.equals(path[i])) {
                    return false;
                }
            }
            return true;
        }
    }
}

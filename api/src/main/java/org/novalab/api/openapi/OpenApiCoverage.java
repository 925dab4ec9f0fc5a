package org.novalab.api.openapi;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.SortedSet;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Compares what a router answers with what an OpenAPI document says, both ways, and words each difference as the
 * change that removes it. Parameters are matched by position: the router's {@code /servers/:id} is the document's
 * {@code /servers/{server_id}} (the document uses the API reference's names). A route with a trailing slash
 * ({@code /v2.1/}) answers what the route without it answers, or refuses a blank id ({@code DELETE /v2.1/images/}),
 * and is covered by that operation.
 */
public final class OpenApiCoverage {
    private static final Set<String> METHODS = Set.of("get", "put", "post", "delete", "patch", "head", "options",
            "trace");
    private static final Pattern PARAM = Pattern.compile("\\{([^}/]+)}");
    /** The first path segments whose operationIds name the service instead. */
    private static final Map<String, String> SERVICES = Map.of("v2.1", "compute", "v2", "image");

    private OpenApiCoverage() {
    }

    /** Every difference between {@code routes} and {@code document}; empty when they agree. */
    public static List<String> problems(SortedSet<Operation> routes, JsonObject document) {
        List<String> problems = new ArrayList<>();
        Map<Operation, Operation> documented = new HashMap<>();
        JsonObject paths = document.getJsonObject("paths", new JsonObject());
        Map<String, String> operationIds = new HashMap<>();
        for (String path : new TreeSet<>(paths.fieldNames())) {
            JsonObject item = paths.getJsonObject(path);
            for (String method : item.fieldNames()) {
                if (!METHODS.contains(method)) {
                    continue;
                }
                Operation operation = new Operation(method, path);
                documented.put(shape(operation), operation);
                JsonObject body = item.getJsonObject(method);
                problems.addAll(parameterProblems(operation, item, body));
                String id = body.getString("operationId");
                if (id == null || id.isBlank()) {
                    problems.add(operation + " has no operationId (add \"operationId\": \""
                            + suggestedId(operation) + "\")");
                } else if (operationIds.putIfAbsent(id, operation.toString()) != null) {
                    problems.add(operation + " has the operationId " + id + " of " + operationIds.get(id));
                }
            }
        }
        Set<Operation> answered = new HashSet<>();
        for (Operation route : routes) {
            Operation match = documented.get(shape(route));
            if (match == null && route.template().endsWith("/") && route.template().length() > 1) {
                match = slashAlias(route, documented);
            }
            if (match == null) {
                problems.add(route + " is answered by the router but not in /openapi.json: add to \"paths\" \""
                        + route.template() + "\" (in api/src/main/resources/openapi.json, or the fragment of the "
                        + "extension that mounts it) " + stub(route));
            } else {
                answered.add(match);
            }
        }
        for (Operation operation : new TreeSet<>(documented.values())) {
            if (!answered.contains(operation)) {
                problems.add(operation + " is in /openapi.json but no route answers it: remove it, or mount the "
                        + "route");
            }
        }
        return problems;
    }

    private static Operation slashAlias(Operation route, Map<Operation, Operation> documented) {
        String bare = route.template().substring(0, route.template().length() - 1);
        Operation same = documented.get(shape(new Operation(route.method(), bare)));
        return same != null ? same : documented.get(shape(new Operation(route.method(), bare + "/{}")));
    }

    /** Each {param} of the template declared once as a required path parameter, and no other path parameter. */
    private static List<String> parameterProblems(Operation operation, JsonObject item, JsonObject body) {
        List<String> problems = new ArrayList<>();
        Set<String> inTemplate = new LinkedHashSet<>();
        Matcher m = PARAM.matcher(operation.template());
        while (m.find()) {
            inTemplate.add(m.group(1));
        }
        Map<String, JsonObject> declared = new HashMap<>();
        for (JsonArray list : new JsonArray[] {item.getJsonArray("parameters", new JsonArray()),
                body.getJsonArray("parameters", new JsonArray())}) {
            for (Object p : list) {
                JsonObject parameter = (JsonObject) p;
                if ("path".equals(parameter.getString("in"))) {
                    declared.put(parameter.getString("name"), parameter);
                }
            }
        }
        for (String name : inTemplate) {
            JsonObject parameter = declared.get(name);
            if (parameter == null) {
                problems.add(operation + " does not declare its path parameter " + name + " (add {\"name\": \""
                        + name + "\", \"in\": \"path\", \"required\": true, \"schema\": {\"type\": \"string\"}} to the "
                        + "path's \"parameters\")");
            } else if (!parameter.getBoolean("required", false)) {
                problems.add(operation + " declares its path parameter " + name + " without \"required\": true");
            }
        }
        for (String name : declared.keySet()) {
            if (!inTemplate.contains(name)) {
                problems.add(operation + " declares a path parameter " + name + " its template does not have");
            }
        }
        return problems;
    }

    /** The operation with its parameter names blanked: what the router and the document must agree on. */
    private static Operation shape(Operation operation) {
        return new Operation(operation.method(), PARAM.matcher(operation.template()).replaceAll("{}"));
    }

    /**
     * The operationId the document's convention gives an operation (unique, as paths are): the method, the service
     * ({@code /v2.1} is Compute, {@code /v2} Image), then each path segment, a parameter as {@code By<Name>}.
     */
    static String suggestedId(Operation operation) {
        StringBuilder id = new StringBuilder(operation.method().toLowerCase(Locale.ROOT));
        String[] segments = operation.template().split("/");
        for (int i = 0; i < segments.length; i++) {
            String segment = i == 1 ? SERVICES.getOrDefault(segments[i], segments[i]) : segments[i];
            if (segment.isEmpty()) {
                continue;
            }
            boolean param = segment.startsWith("{");
            if (param) {
                id.append("By");
            }
            for (String word : segment.replaceAll("[{}]", "").split("[^A-Za-z0-9]+")) {
                if (!word.isEmpty()) {
                    id.append(Character.toUpperCase(word.charAt(0))).append(word.substring(1));
                }
            }
        }
        return id.toString();
    }

    private static String stub(Operation route) {
        JsonObject operation = new JsonObject().put("operationId", suggestedId(route)).put("summary", "…")
                .put("tags", new JsonArray().add("…")).put("responses", new JsonObject()
                        .put("200", new JsonObject().put("description", "…")));
        return "{\"" + route.method().toLowerCase(Locale.ROOT) + "\": " + operation.encode() + "}";
    }
}

package org.novalab.api.http;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.json.DecodeException;
import io.vertx.core.json.Json;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.statistics.Statistics;
import net.jqwik.api.Tuple;
import net.jqwik.api.lifecycle.AfterContainer;
import net.jqwik.api.lifecycle.BeforeContainer;
import org.novalab.api.server.NovalabServer;
import org.novalab.api.testing.Api;
import org.novalab.api.testing.FakeCompute;
import org.novalab.api.testing.RawHttp;
import org.novalab.api.testing.TestServers;

/**
 * Malformed requests at every route of a running server (the routes {@code /openapi.json} lists, the virsh
 * endpoints among them): broken and mistyped JSON, valid bodies with one part changed, bytes that are not UTF-8,
 * odd headers, query strings and path parameters. Every answer must be below 500 (but for the 501 Nova answers for
 * the os-hosts actions the libvirt driver does not implement) and, when it refuses, in the error shape of the service
 * the path belongs to, with no stack trace in it.
 */
class MalformedRequestFuzzTest {
    private static final Pattern PARAM = Pattern.compile("\\{([a-z_]+)}");
    /** The virsh endpoints (VirshRoutes) among the documented routes: few, so the generators weigh them up. */
    private static List<Route> virsh;
    private static final List<String> QUERY_NAMES = List.of("limit", "marker", "name", "status", "image", "flavor",
            "all_tenants", "visibility", "host", "allow_expired", "nocatalog", "sort_key", "changes-since", "x");

    private static Path state;
    private static NovalabServer server;
    private static List<Route> routes;
    private static Map<String, List<String>> known;
    private static String adminToken;
    private static String memberToken;

    record Route(String method, String template) {
        String key() {
            return method + " " + template;
        }
    }

    @BeforeContainer
    static void start() throws Exception {
        state = Files.createTempDirectory("novalab-fuzz");
        server = TestServers.start(TestServers.config(state), new FakeCompute());
        Api admin = Api.login(server.baseUrl(), "admin", TestServers.ADMIN_PASSWORD, "demo");
        adminToken = admin.token();
        String project = admin.post("/identity/v3/projects", new JsonObject().put("project",
                new JsonObject().put("name", "fuzz"))).json().getJsonObject("project").getString("id");
        String user = admin.post("/identity/v3/users", new JsonObject().put("user", new JsonObject()
                .put("name", "mallory").put("password", "pw-mallory").put("default_project_id", project)))
                .json().getJsonObject("user").getString("id");
        admin.send("PUT", "/identity/v3/projects/" + project + "/users/" + user + "/roles/member", null, Map.of());
        String group = admin.post("/identity/v3/groups", new JsonObject().put("group", new JsonObject()
                .put("name", "fuzzers"))).json().getJsonObject("group").getString("id");
        admin.send("PUT", "/identity/v3/groups/" + group + "/users/" + user, null, Map.of());
        memberToken = Api.login(server.baseUrl(), "mallory", "pw-mallory", "fuzz").token();
        String vm = admin.post("/v2.1/servers", new JsonObject().put("server", new JsonObject().put("name", "target")
                .put("imageRef", TestServers.CIRROS).put("flavorRef", "1").put("networks", "none")))
                .json().getJsonObject("server").getString("id");
        admin.awaitStatus(vm, "ACTIVE");
        String queued = admin.post("/v2/images", new JsonObject().put("name", "queued").put("disk_format", "raw")
                .put("container_format", "bare")).json().getString("id");
        String active = TestServers.uploadImage(admin, "active", "raw", new byte[1024], Map.of("hw_disk_bus", "virtio"));
        admin.post("/v2.1/flavors", new JsonObject().put("flavor", new JsonObject().put("name", "fuzzy").put("id", "77")
                .put("ram", 64).put("vcpus", 1).put("disk", 1)));
        admin.post("/v2.1/flavors/77/os-extra_specs", new JsonObject().put("extra_specs", new JsonObject().put("k", "v")));
        String aggregate = admin.post("/v2.1/os-aggregates", new JsonObject().put("aggregate", new JsonObject()
                .put("name", "fuzz-rack").put("availability_zone", "fuzz-zone"))).json().getJsonObject("aggregate")
                .getValue("id").toString();
        known = Map.ofEntries(Map.entry("server_id", List.of(vm, UUID.randomUUID().toString())),
                Map.entry("image_id", List.of(queued, active, TestServers.CIRROS)),
                Map.entry("flavor_id", List.of("1", "77", "101")), Map.entry("key", List.of("k", "hw:ephemeral_encryption")),
                Map.entry("project_id", List.of(project)), Map.entry("user_id", List.of(user)),
                Map.entry("role", List.of("member", "reader", "admin")), Map.entry("domain_id", List.of("default")),
                Map.entry("group_id", List.of(group)), Map.entry("implied_role", List.of("reader", "member")),
                Map.entry("name", List.of("instance-00000001")), Map.entry("keypair_name", List.of("k", "missing")),
                Map.entry("uuid", List.of(UUID.randomUUID().toString())),
                Map.entry("aggregate_id", List.of(aggregate, "-1")),
                Map.entry("host_name", List.of(TestServers.HOST, "nonexistent_hostname")),
                Map.entry("before", List.of("2026-11-15%2010:00:00", "2026-11-15%2010:00:00.5", "invalid_time")));
        routes = new ArrayList<>();
        JsonObject paths = admin.get("/openapi.json").json().getJsonObject("paths");
        for (String path : paths.fieldNames()) {
            for (String method : paths.getJsonObject(path).fieldNames()) {
                routes.add(new Route(method.toUpperCase(java.util.Locale.ROOT), path));
            }
        }
        virsh = routes.stream().filter(r -> r.template().startsWith("/novalab/v1/virsh/")).toList();
    }

    @AfterContainer
    static void stop() throws Exception {
        server.close();
        try (var files = Files.walk(state)) {
            files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
    }

    @Property(tries = 600)
    void no_malformed_request_is_a_server_error(@ForAll("requests") RawHttp.Request request) {
        check(request);
    }

    @Property(tries = 600)
    void no_valid_body_with_one_part_changed_is_a_server_error(@ForAll("mutatedBodies") RawHttp.Request request) {
        check(request);
    }

    /** Inputs known to have broken a handler once, or to break handlers in general, at the route they break. */
    @Example
    void known_hostile_inputs_are_refused() {
        String id = known.get("image_id").get(0);
        String vm = known.get("server_id").get(0);
        Map<String, String> patch = Map.of("Content-Type", "application/openstack-images-v2.1-json-patch");
        List<RawHttp.Request> hostile = List.of(
                request("PATCH", "/v2/images/" + id, patch, "[{\"op\": \"replace\", \"path\": \"/hw_disk_bus\"}]"),
                request("PATCH", "/v2/images/" + id, patch, "[{\"op\": \"add\", \"path\": \"/name\", \"value\": \""
                        + "n".repeat(300) + "\"}]"),
                request("POST", "/v2.1/servers", Map.of(), "{\"server\": {\"name\": \"a\", \"flavorRef\": \"1\", "
                        + "\"imageRef\": \"" + TestServers.CIRROS + "\", \"block_device_mapping_v2\": [{\"uuid\": \""
                        + TestServers.CIRROS + "\", \"source_type\": \"image\", \"destination_type\": \"volume\", "
                        + "\"volume_size\": 1, \"boot_index\": \"99999999999999999999999\"}]}}"),
                request("POST", "/v2.1/flavors", Map.of(), "{\"flavor\": {\"name\": \"f\", \"id\": \"" + "i".repeat(300)
                        + "\", \"ram\": 1, \"vcpus\": 1, \"disk\": 1}}"),
                request("POST", "/identity/v3/projects", Map.of(), "{\"project\": {\"name\": \"" + "p".repeat(300) + "\"}}"),
                request("POST", "/identity/v3/users", Map.of(), "{\"user\": {\"name\": \"" + "u".repeat(300)
                        + "\", \"password\": \"x\"}}"),
                request("PUT", "/novalab/v1/virsh/secrets/" + UUID.randomUUID() + "/value", Map.of(), "{\"base64\": 5}"),
                request("PUT", "/novalab/v1/virsh/secrets/" + UUID.randomUUID() + "/value", Map.of(), "[1]"),
                request("POST", "/v2.1/servers/" + vm + "/action", Map.of(), "{\"os-getConsoleOutput\": {\"length\": "
                        + "99999999999999}}"),
                request("POST", "/v2.1/servers/" + vm + "/action", Map.of("OpenStack-API-Version", "compute 2.90"),
                        "{\"rebuild\": {\"imageRef\": \"" + TestServers.CIRROS + "\", \"key_name\": 7, "
                        + "\"user_data\": \"not base64!\", \"accessIPv6\": \"::g\", \"preserve_ephemeral\": \"maybe\", "
                        + "\"trusted_image_certificates\": [\"\"], \"metadata\": {\"k\": \"" + "v".repeat(300) + "\"}}}"),
                request("POST", "/v2.1/servers/" + vm + "/action", Map.of(), "{\"os-resetState\": {\"state\": null}}"),
                request("POST", "/v2.1/servers/" + vm + "/action", Map.of("OpenStack-API-Version", "compute 2.73"),
                        "{\"lock\": {\"locked_reason\": \"" + "r".repeat(300) + "\"}}"),
                // Nova's schemas take any value for pause, unpause, suspend and resume; two actions are one too many
                // (none of these changes the target's state: the other requests find it active)
                request("POST", "/v2.1/servers/" + UUID.randomUUID() + "/action", Map.of(), "{\"pause\": {\"x\": "
                        + "[1, {\"y\": null}], \"\\u0000\": \"" + "p".repeat(300) + "\"}}"),
                request("POST", "/v2.1/servers/" + vm + "/action", Map.of(), "{\"suspend\": null, \"resume\": null}"),
                request("POST", "/v2.1/servers/" + vm + "/action", Map.of(), "{\"unpause\": \"\\u0000\"}"),
                request("POST", "/v2.1/servers/" + UUID.randomUUID() + "/action", Map.of(), "{\"resume\": 1e999}"),
                // rescue, unrescue and changePassword bodies Nova's schemas refuse (the target stays active)
                request("POST", "/v2.1/servers/" + vm + "/action", Map.of(), "{\"rescue\": {\"rescue_image_ref\": 5, "
                        + "\"adminPass\": [\"\\u0000\"]}}"),
                request("POST", "/v2.1/servers/" + vm + "/action", Map.of(), "{\"rescue\": \"" + "r".repeat(300) + "\"}"),
                request("POST", "/v2.1/servers/" + vm + "/action", Map.of(), "{\"unrescue\": {\"x\": 1e999}}"),
                request("POST", "/v2.1/servers/" + vm + "/action", Map.of(), "{\"changePassword\": {\"adminPass\": "
                        + "{\"a\": 1}, \"user\": null}}"),
                request("POST", "/v2.1/servers/" + vm + "/action", Map.of(), "{\"changePassword\": null}"),
                request("GET", "/v2.1/servers/" + vm + "/diagnostics?x=%zz", Map.of(), null),
                request("GET", "/v2.1/servers?changes-since=2011-13-45T99:99:99Z", Map.of(), null),
                request("GET", "/v2.1/servers?limit=99999999999999", Map.of(), null),
                request("GET", "/v2.1/servers?name=(((", Map.of(), null),
                request("GET", "/v2.1/servers/%zz", Map.of(), null),
                request("GET", "/v2/images/%00", Map.of(), null),
                request("GET", "/v2/images?marker=%zz", Map.of(), null),
                request("GET", "/identity/v3/projects?limit=%zz", Map.of(), null),
                request("GET", "/v2.1/os-keypairs?limit=%zz", Map.of(), null),
                request("GET", "/v2.1/servers/detail", Map.of("Content-Type", "multipart/form-data; boundary=x"), null),
                request("POST", "/v2.1/servers", Map.of("Content-Type", "application/x-www-form-urlencoded"), "a=1"),
                request("GET", "/v2.1/servers?name=" + "n".repeat(5000), Map.of(), null),
                request("POST", "/v2/images", Map.of(), "{\"name\": \"i\", \"min_disk\": 4294967297}"),
                request("POST", "/v2.1/servers", Map.of(), "[".repeat(5000)),
                request("POST", "/v2.1/servers", Map.of(), "{\"server\": " + "1".repeat(5000) + "}"),
                request("POST", "/identity/v3/auth/tokens", Map.of(), "{\"auth\": {\"identity\": {\"methods\": "
                        + "[\"token\"], \"token\": {\"id\": \"\\u0000\"}}}}"),
                request("POST", "/identity/v3/groups", Map.of(), "{\"group\": {\"name\": \"" + "g".repeat(300) + "\"}}"),
                request("POST", "/identity/v3/groups", Map.of(), "{\"group\": {\"name\": \"g\", \"domain_id\": 7}}"),
                request("POST", "/identity/v3/roles", Map.of(), "{\"role\": {\"name\": \"r\", \"domain_id\": \""
                        + "d".repeat(300) + "\"}}"),
                request("POST", "/identity/v3/projects", Map.of(), "{\"project\": {\"name\": \"p\", \"is_domain\": "
                        + "true, \"parent_id\": \"default\"}}"),
                request("PUT", "/identity/v3/roles/reader/implies/reader", Map.of(), null),
                request("GET", "/identity/v3/role_assignments?scope.OS-INHERIT:inherited_to=%zz&effective", Map.of(),
                        null),
                request("POST", "/identity/v3/auth/tokens", Map.of(), "{\"auth\": {\"identity\": {\"methods\": "
                        + "[\"password\"], \"password\": {\"user\": {\"name\": \"admin\", \"domain\": {\"id\": "
                        + "\"default\"}, \"password\": \"x\"}}}, \"scope\": {\"domain\": {\"id\": 5}}}}"),
                request("POST", "/v2.1/os-aggregates/99999999999999999999/action", Map.of(),
                        "{\"add_host\": {\"host\": \"" + TestServers.HOST + "\"}}"),
                request("POST", "/v2.1/os-aggregates/1/action", Map.of(), "{\"set_metadata\": {\"metadata\": "
                        + "{\"availability_zone\": \"\", \"k\": \"\\u0000\"}}}"),
                request("PUT", "/v2.1/os-aggregates/%2B1", Map.of(), "{\"aggregate\": {\"availability_zone\": null}}"),
                request("PUT", "/v2.1/os-hosts/" + TestServers.HOST, Map.of(), "{\"status\": \"enable\", "
                        + "\"maintenance_mode\": [\"enable\"]}"),
                request("GET", "/v2.1/os-instance_usage_audit_log/0001-01-01%2000:00:00", Map.of(), null),
                request("GET", "/v2.1/os-instance_usage_audit_log/9999-12-31%2023:59:59.999999", Map.of(), null),
                request("GET", "/v2.1/os-migrations?limit=99999999999999999999&changes-since=2026-13-45",
                        Map.of("OpenStack-API-Version", "compute 2.66"), null));
        hostile.forEach(MalformedRequestFuzzTest::check);
    }

    private static RawHttp.Request request(String method, String target, Map<String, String> headers, String body) {
        Map<String, String> all = new LinkedHashMap<>(Map.of("X-Auth-Token", adminToken));
        if (body != null && !headers.containsKey("Content-Type")) {
            all.put("Content-Type", "application/json");
        }
        all.putAll(headers);
        return new RawHttp.Request(method, target, all, body == null ? null : body.getBytes(StandardCharsets.UTF_8));
    }

    private static void check(RawHttp.Request request) {
        RawHttp.Response r = RawHttp.send(server.port(), request);
        String path = request.target().split("\\?", 2)[0];
        // how deep the requests got, shown after each property: a fuzz of only 401s and 404s would prove little
        Statistics.collect(r.status() < 300 ? "2xx" : String.valueOf(r.status()));
        if (r.status() == 503 && path.startsWith("/novalab/v1/virsh")) {
            // the test's fake compute host has no hypervisor for virsh to reach: the host's answer, not the request's
            assertThat(r.text()).as("%s", request).contains("has no hypervisor");
            return;
        }
        if (r.status() == 501 && path.startsWith("/v2.1/os-hosts/")) {
            // Nova's libvirt driver implements neither host power actions nor maintenance mode: its 501 is the answer
            assertThat(r.text()).as("%s", request).contains("\"notImplemented\"")
                    .contains("The requested functionality is not supported.");
            return;
        }
        assertThat(r.status()).as("%s\n-> %s", request, r.text()).isLessThan(500);
        if (r.status() < 400 || request.method().equals("HEAD")) {
            return;
        }
        JsonObject error;
        try {
            error = new JsonObject(r.text());
        } catch (DecodeException | ClassCastException e) {
            throw new AssertionError(request + "\n-> " + r.status() + " is not JSON: " + r.text());
        }
        // a request line or header too long for the decoder has no path: its answer has the default, Nova's, shape
        ErrorStyle style = r.status() == 414 || r.status() == 431 ? ErrorStyle.NOVA : ErrorMapper.styleFor(path);
        if (!path.contains("%2") && !path.contains("..")) {
            // a path with dot segments may be normalised into another service's
            assertThat(skeleton(error)).as("%s\n-> %s", request, r.text())
                    .isEqualTo(skeleton(style.render(r.status(), "m")));
        }
        String message = String.valueOf(messageOf(error));
        assertThat(message).as("%s\n-> %s", request, r.text()).isNotBlank().doesNotContain("\tat ")
                .doesNotContain("Exception");
    }

    /** The keys of an error body and of the objects in it, with the code and (for Nova) the one kind unnamed. */
    private static String skeleton(JsonObject error) {
        if (error.size() == 1 && error.getValue(error.fieldNames().iterator().next()) instanceof JsonObject inner) {
            String kind = error.fieldNames().iterator().next();
            return (kind.equals("error") ? "error" : "nova") + inner.fieldNames().stream().sorted().toList();
        }
        return error.fieldNames().stream().sorted().toList().toString();
    }

    private static Object messageOf(JsonObject error) {
        if (error.containsKey("message")) {
            return error.getValue("message");
        }
        if (error.getValue("errors") instanceof io.vertx.core.json.JsonArray errors) {
            return errors.getJsonObject(0).getValue("detail"); // placement's
        }
        return ((JsonObject) error.getValue(error.fieldNames().iterator().next())).getValue("message");
    }

    // ---- generators

    @Provide
    Arbitrary<RawHttp.Request> requests() {
        Arbitrary<Route> route = Arbitraries.frequencyOf(Tuple.of(10, Arbitraries.of(openApiRoutes())),
                Tuple.of(2, Arbitraries.of(virsh)), Tuple.of(1, unknownRoutes()));
        return route.flatMap(r -> Combinators.combine(method(r), target(r), headers(), anyBody(r))
                .as((method, target, headers, body) -> new RawHttp.Request(method, target, headers, body)));
    }

    @Provide
    Arbitrary<RawHttp.Request> mutatedBodies() {
        // the virsh routes are few: past their schema, the test's fake host can only answer 503
        Arbitrary<Route> route = Arbitraries.frequencyOf(
                Tuple.of(6, Arbitraries.of(withBody(openApiRoutes()))), Tuple.of(1, Arbitraries.of(withBody(virsh))));
        return route.flatMap(r -> Combinators.combine(target(r), mutation(), tokens())
                .as((target, mutation, token) -> {
                    Map<String, String> headers = new LinkedHashMap<>(token);
                    headers.put("Content-Type", Bodies.contentType(r.key()));
                    headers.put("OpenStack-API-Version", "compute 2.79");
                    return new RawHttp.Request(r.method(), target, headers,
                            mutation.apply(Bodies.TEMPLATES.get(r.key())).getBytes(StandardCharsets.UTF_8));
                }));
    }

    private static List<Route> openApiRoutes() {
        return routes.stream().filter(r -> !virsh.contains(r)).toList();
    }

    private static List<Route> withBody(List<Route> some) {
        return some.stream().filter(r -> Bodies.TEMPLATES.containsKey(r.key())).toList();
    }

    private static Arbitrary<Route> unknownRoutes() {
        return Combinators.combine(Arbitraries.of("/v2.1/", "/identity/v3/", "/v2/", "/image/v2/", "/novalab/v1/virsh/",
                "/v2.1/servers/{server_id}/", "/v2/images/{image_id}/"), segment()).as((prefix, rest) ->
                new Route("GET", prefix + rest.replace("{", "").replace("}", "")));
    }

    private static Arbitrary<String> method(Route route) {
        return Arbitraries.frequencyOf(Tuple.of(8, Arbitraries.just(route.method())),
                Tuple.of(1, Arbitraries.of("GET", "POST", "PUT", "PATCH", "DELETE", "HEAD", "OPTIONS")));
    }

    /** The route's path with each parameter a known id or something else, then a query string. */
    private static Arbitrary<String> target(Route route) {
        Matcher m = PARAM.matcher(route.template());
        List<String> names = new ArrayList<>();
        while (m.find()) {
            names.add(m.group(1));
        }
        Arbitrary<List<String>> values = Arbitraries.just(List.<String>of());
        for (String name : names) {
            Arbitrary<String> value = Arbitraries.frequencyOf(
                    Tuple.of(3, Arbitraries.of(known.getOrDefault(name, List.of("x")))), Tuple.of(2, segment()));
            values = values.flatMap(list -> value.map(v -> append(list, v)));
        }
        return Combinators.combine(values, query()).as((params, query) -> {
            StringBuilder path = new StringBuilder();
            Matcher fill = PARAM.matcher(route.template());
            int i = 0;
            while (fill.find()) {
                fill.appendReplacement(path, Matcher.quoteReplacement(params.get(i++)));
            }
            fill.appendTail(path);
            return path + query;
        });
    }

    private static List<String> append(List<String> list, String value) {
        List<String> more = new ArrayList<>(list);
        more.add(value);
        return more;
    }

    /** A path segment: text percent-encoded (so the request line stays valid), or an encoding that is broken. */
    private static Arbitrary<String> segment() {
        return Arbitraries.frequencyOf(
                Tuple.of(4, texts().map(s -> URLEncoder.encode(s, StandardCharsets.UTF_8))),
                Tuple.of(2, Arbitraries.of("%00", "%zz", "%", "%2e%2e", "..", "%2F", "%ff%fe", "%c0%af", "-1", "0",
                        "99999999999999999999", "00000000-0000-0000-0000-000000000000", "a".repeat(3000), "~", ";x=1",
                        "%0d%0aX-Injected:%201")));
    }

    private static Arbitrary<String> query() {
        Arbitrary<String> pair = Combinators.combine(Arbitraries.of(QUERY_NAMES), Arbitraries.frequencyOf(
                Tuple.of(3, texts().map(s -> URLEncoder.encode(s, StandardCharsets.UTF_8))),
                Tuple.of(2, Arbitraries.of("-1", "0", "1", "99999999999999999999", "(((", "%zz", "%00", "true",
                        "garbage", "ACTIVE", "", "1e3", "*", "a".repeat(3000)))))
                .as((k, v) -> k + "=" + v);
        return pair.list().ofMaxSize(3).map(pairs -> pairs.isEmpty() ? "" : "?" + String.join("&", pairs));
    }

    private static Arbitrary<Map<String, String>> tokens() {
        return Arbitraries.frequencyOf(Tuple.of(6, Arbitraries.just(adminToken)), Tuple.of(3, Arbitraries.just(memberToken)),
                Tuple.of(1, Arbitraries.of("", "nope", "a".repeat(4000))), Tuple.of(1, Arbitraries.just("-")))
                .map(t -> t.equals("-") ? Map.of() : Map.of("X-Auth-Token", t));
    }

    private static Arbitrary<Map<String, String>> headers() {
        Arbitrary<String> version = Arbitraries.of("-", "compute 2.1", "compute 2.79", "compute latest", "compute 2.",
                "compute 3.0", "compute 2.9999", "volume 2.1", "compute", "", "2.5", "compute 2.0", "compute 2.80");
        Arbitrary<String> contentType = Arbitraries.of("-", "application/json", "application/json; charset=utf-16",
                "application/openstack-images-v2.1-json-patch", "application/openstack-images-v2.0-json-patch",
                "application/octet-stream", "text/plain", "multipart/form-data; boundary=x", "", ";;;");
        Arbitrary<String> subject = Arbitraries.of("-", "nope", "", "a".repeat(2000));
        return Combinators.combine(tokens(), version, contentType, subject, Arbitraries.of("-", "compute 2.79", "x"))
                .as((token, v, type, subj, legacy) -> {
                    Map<String, String> h = new LinkedHashMap<>(token);
                    put(h, "OpenStack-API-Version", v);
                    put(h, "Content-Type", type);
                    put(h, "X-Subject-Token", subj.equals("nope") ? memberToken : subj);
                    put(h, "X-OpenStack-Nova-API-Version", legacy);
                    return h;
                });
    }

    private static void put(Map<String, String> headers, String name, String value) {
        if (!value.equals("-")) {
            headers.put(name, value);
        }
    }

    private static Arbitrary<byte[]> anyBody(Route route) {
        String template = Bodies.TEMPLATES.getOrDefault(route.key(), "{}");
        return Arbitraries.frequencyOf(
                Tuple.of(2, Arbitraries.just((byte[]) null)),
                Tuple.of(1, Arbitraries.bytes().array(byte[].class).ofMaxSize(2000)),
                Tuple.of(3, json(3).map(s -> s.getBytes(StandardCharsets.UTF_8))),
                Tuple.of(3, mutation().map(m -> m.apply(template).getBytes(StandardCharsets.UTF_8))),
                Tuple.of(1, Arbitraries.of("[".repeat(3000), "{\"a\":".repeat(2000), "1".repeat(3000), "\"\\ud800\"",
                        "{\"server\": {\"name\": \"\\u0000\"}}", "", " ", "null", "{", "{\"a\": 1, \"a\": {}}",
                        "\u00ff\u00fe{}").map(s -> s.getBytes(StandardCharsets.UTF_8))));
    }

    /** A JSON text: scalars of every kind and the odd ones (huge numbers, NUL, long strings), nested a little. */
    private static Arbitrary<String> json(int depth) {
        Arbitrary<String> scalar = Arbitraries.frequencyOf(
                Tuple.of(4, texts().map(Json::encode)),
                Tuple.of(2, Arbitraries.of("null", "true", "false", "0", "-1", "1", "1.5", "-0", "1e309", "1E400",
                        "123456789012345678901234567890", "-9223372036854775809", "2147483648", "4294967297",
                        "0.0000000001")),
                Tuple.of(1, Arbitraries.integers().map(String::valueOf)));
        if (depth == 0) {
            return scalar;
        }
        Arbitrary<String> array = json(depth - 1).list().ofMaxSize(4).map(l -> "[" + String.join(",", l) + "]");
        Arbitrary<String> object = Combinators.combine(texts().map(Json::encode), json(depth - 1)).as((k, v) -> k + ":" + v)
                .list().ofMaxSize(4).map(l -> "{" + String.join(",", l) + "}");
        return Arbitraries.frequencyOf(Tuple.of(4, scalar), Tuple.of(1, array), Tuple.of(1, object));
    }

    private static Arbitrary<String> texts() {
        return Arbitraries.frequencyOf(
                Tuple.of(3, Arbitraries.strings().ofMaxLength(20)),
                Tuple.of(2, Arbitraries.strings().all().ofMaxLength(12)),
                Tuple.of(2, Arbitraries.of("", " ", "\u0000", "../../etc/passwd", "x".repeat(300), "v".repeat(70000),
                        "default", "nova", "nova:novalab-host", "1", "admin", "SOFT", "HARD", "raw", "qcow2", "public",
                        "active", "/name", "replace", "true", "%s%n", "${jndi:ldap://x/a}", "\ud800", "\u202e",
                        TestServers.CIRROS, "aGk=", "<domain/>", "'; drop table instances; --")));
    }

    private static Arbitrary<Bodies.Mutation> mutation() {
        return Combinators.combine(Arbitraries.integers().between(0, 1000), Arbitraries.of(Bodies.Change.values()),
                json(2), texts()).as(Bodies.Mutation::new);
    }

    /** Valid bodies for the routes that read one, and one change to them. */
    static final class Bodies {
        static final Map<String, String> TEMPLATES = templates();

        enum Change { REMOVE, REPLACE, ADD, WRAP, CUT }

        record Mutation(int where, Change change, String value, String key) {
            String apply(String template) {
                if (!template.startsWith("{") && !template.startsWith("[")) {
                    return change == Change.CUT ? template.substring(0, where % (template.length() + 1)) : value;
                }
                JsonArray holder = new JsonArray().add(Json.decodeValue(template));
                List<Object[]> places = new ArrayList<>();
                walk(holder, 0, places);
                Object[] place = places.get(where % places.size());
                Object container = place[0];
                Object at = place[1];
                Object newValue = decodedOrText(value);
                switch (change) {
                    case REMOVE -> remove(container, at);
                    case REPLACE -> set(container, at, newValue);
                    case ADD -> {
                        Object target = get(container, at);
                        if (target instanceof JsonObject o) {
                            o.put(key, newValue);
                        } else if (target instanceof JsonArray a) {
                            a.add(newValue);
                        } else {
                            set(container, at, newValue);
                        }
                    }
                    case WRAP -> set(container, at, new JsonArray().add(get(container, at) == null ? "x"
                            : get(container, at)));
                    case CUT -> {
                        String text = Json.encode(holder.getValue(0));
                        return text.substring(0, where % (text.length() + 1));
                    }
                }
                return Json.encode(holder.getValue(0));
            }
        }

        /** The value a JSON text stands for; a text Jackson will not read (a 70000-character key) as a string. */
        private static Object decodedOrText(String json) {
            try {
                return Json.decodeValue(json);
            } catch (DecodeException e) {
                return json;
            }
        }

        /** Every place in the tree as (container, key or index); the root sits in a holder array of one. */
        private static void walk(Object container, Object at, List<Object[]> places) {
            places.add(new Object[] {container, at});
            Object value = get(container, at);
            if (value instanceof JsonObject o) {
                o.fieldNames().forEach(k -> walk(o, k, places));
            } else if (value instanceof JsonArray a) {
                for (int i = 0; i < a.size(); i++) {
                    walk(a, i, places);
                }
            }
        }

        private static Object get(Object container, Object at) {
            return container instanceof JsonObject o ? o.getValue((String) at) : ((JsonArray) container).getValue((int) at);
        }

        private static void set(Object container, Object at, Object value) {
            if (container instanceof JsonObject o) {
                o.put((String) at, value);
            } else {
                ((JsonArray) container).set((int) at, value);
            }
        }

        private static void remove(Object container, Object at) {
            if (container instanceof JsonObject o) {
                o.remove((String) at);
            } else {
                ((JsonArray) container).set((int) at, null);
            }
        }

        static String contentType(String routeKey) {
            if (routeKey.startsWith("PATCH ") && routeKey.contains("/images/")) {
                return "application/openstack-images-v2.1-json-patch";
            }
            if (routeKey.endsWith("/file")) {
                return "application/octet-stream";
            }
            return routeKey.contains("/virsh/domains") || routeKey.endsWith("/virsh/secrets") ? "application/xml"
                    : "application/json";
        }

        private static Map<String, String> templates() {
            Map<String, String> t = new LinkedHashMap<>();
            t.put("POST /identity/v3/auth/tokens", Api.passwordAuth("admin", TestServers.ADMIN_PASSWORD, "demo"));
            t.put("POST /identity/v3/projects", "{\"project\": {\"name\": \"p\", \"description\": \"d\"}}");
            t.put("POST /identity/v3/users", "{\"user\": {\"name\": \"u\", \"password\": \"p\"}}");
            t.put("POST /identity/v3/domains", "{\"domain\": {\"name\": \"d\", \"description\": \"d\", \"enabled\": true}}");
            t.put("PATCH /identity/v3/domains/{domain_id}", "{\"domain\": {\"description\": \"d\"}}");
            t.put("PATCH /identity/v3/projects/{project_id}", "{\"project\": {\"description\": \"d\", \"tags\": [\"t\"]}}");
            t.put("PATCH /identity/v3/users/{user_id}", "{\"user\": {\"email\": \"e@x\", \"enabled\": true}}");
            t.put("POST /identity/v3/users/{user_id}/password", "{\"user\": {\"original_password\": \"p\", \"password\": \"q\"}}");
            t.put("POST /identity/v3/roles", "{\"role\": {\"name\": \"r\", \"description\": \"d\"}}");
            t.put("PATCH /identity/v3/roles/{role}", "{\"role\": {\"description\": \"d\"}}");
            t.put("POST /identity/v3/groups", "{\"group\": {\"name\": \"g\", \"description\": \"d\", "
                    + "\"domain_id\": \"default\"}}");
            t.put("PATCH /identity/v3/groups/{group_id}", "{\"group\": {\"description\": \"d\"}}");
            t.put("POST /v2.1/servers", "{\"server\": {\"name\": \"fuzzed\", \"imageRef\": \"" + TestServers.CIRROS
                    + "\", \"flavorRef\": \"1\", \"networks\": \"none\", \"metadata\": {\"k\": \"v\"}, "
                    + "\"availability_zone\": \"nova\", \"user_data\": \"aGk=\", \"description\": \"d\", "
                    + "\"block_device_mapping_v2\": [{\"boot_index\": 0, \"uuid\": \"" + TestServers.CIRROS + "\", "
                    + "\"source_type\": \"image\", \"destination_type\": \"volume\", \"volume_size\": 1}]}, "
                    + "\"os:scheduler_hints\": {\"group\": \"" + UUID.randomUUID() + "\"}}");
            t.put("POST /v2.1/servers/{server_id}/action", "{\"reboot\": {\"type\": \"SOFT\"}}");
            t.put("POST /v2.1/flavors", "{\"flavor\": {\"name\": \"f\", \"id\": \"f1\", \"ram\": 1, \"vcpus\": 1, "
                    + "\"disk\": 1, \"os-flavor-access:is_public\": true, \"description\": \"d\"}}");
            t.put("POST /v2.1/flavors/{flavor_id}/os-extra_specs", "{\"extra_specs\": {\"hw:ephemeral_encryption\": "
                    + "\"true\", \"k\": \"v\"}}");
            t.put("POST /v2.1/os-keypairs", "{\"keypair\": {\"name\": \"k\", \"type\": \"ssh\", \"public_key\": "
                    + "\"ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIJ0CzgRgWFQAzNkmGM27sJfvw+jw5DydYjsX2v68iGNA x\"}}");
            t.put("PUT /v2.1/servers/{server_id}", "{\"server\": {\"name\": \"n\", \"accessIPv4\": \"192.0.2.1\", "
                    + "\"accessIPv6\": \"2001:db8::1\", \"OS-DCF:diskConfig\": \"AUTO\"}}");
            t.put("POST /v2.1/servers/{server_id}/metadata", "{\"metadata\": {\"k\": \"v\", \"k2\": \"v2\"}}");
            t.put("PUT /v2.1/servers/{server_id}/tags", "{\"tags\": [\"a\", \"b\"]}");
            t.put("PUT /v2.1/os-quota-sets/{project_id}", "{\"quota_set\": {\"instances\": 50, \"ram\": \"4096\", "
                    + "\"force\": \"True\"}}");
            t.put("POST /v2.1/flavors/{flavor_id}/action", "{\"addTenantAccess\": {\"tenant\": \"p\"}}");
            t.put("PUT /v2.1/os-services/{service_id}", "{\"status\": \"disabled\", \"disabled_reason\": \"r\"}");
            t.put("POST /v2.1/os-aggregates", "{\"aggregate\": {\"name\": \"a\", \"availability_zone\": \"z\"}}");
            t.put("PUT /v2.1/os-aggregates/{aggregate_id}", "{\"aggregate\": {\"name\": \"b\", "
                    + "\"availability_zone\": \"z2\"}}");
            t.put("POST /v2.1/os-aggregates/{aggregate_id}/action", "{\"set_metadata\": {\"metadata\": "
                    + "{\"k\": \"v\", \"gone\": null}}}");
            t.put("PUT /v2.1/os-hosts/{host_name}", "{\"status\": \"enable\"}");
            t.put("POST /v2/images", "{\"name\": \"i\", \"disk_format\": \"raw\", \"container_format\": \"bare\", "
                    + "\"min_disk\": 1, \"visibility\": \"private\", \"hw_disk_bus\": \"virtio\"}");
            t.put("PATCH /v2/images/{image_id}", "[{\"op\": \"replace\", \"path\": \"/name\", \"value\": \"n\"}, "
                    + "{\"op\": \"add\", \"path\": \"/hw_disk_bus\", \"value\": \"scsi\"}, {\"op\": \"replace\", "
                    + "\"path\": \"/min_ram\", \"value\": 1}]");
            t.put("PUT /v2/images/{image_id}/file", "raw image bytes");
            t.put("POST /novalab/v1/virsh/domains", "<domain type='kvm'><name>x</name></domain>");
            t.put("POST /novalab/v1/virsh/secrets", "<secret ephemeral='no' private='yes'/>");
            t.put("PUT /novalab/v1/virsh/secrets/{uuid}/value", "{\"base64\": \"MTIzNDU2\"}");
            return Map.copyOf(t);
        }
    }

}

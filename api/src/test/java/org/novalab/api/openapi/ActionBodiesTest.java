package org.novalab.api.openapi;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.json.schema.Draft;
import io.vertx.json.schema.JsonSchema;
import io.vertx.json.schema.JsonSchemaOptions;
import io.vertx.json.schema.OutputUnit;
import io.vertx.json.schema.Validator;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.novalab.api.compute.ComputeRoutes;
import org.novalab.api.compute.aggregate.AggregateRoutes;
import org.novalab.api.compute.flavor.FlavorAccessRoutes;
import org.novalab.api.server.NovalabServer;
import org.novalab.api.testing.Api;
import org.novalab.api.testing.FakeCompute;
import org.novalab.api.testing.OpenApiSchemas;
import org.novalab.api.testing.TestServers;
import org.novalab.api.volume.VolumeRoutes;

/**
 * The four action endpoints' request schemas in /openapi.json against the router: the documented action names are
 * the names the switches accept (each documented one reaches its handler, so a missing server, flavor, aggregate or
 * volume is a 404, not the 400 of an unknown action), the documented examples are accepted by schema and parser
 * alike, and a documented required field left out is refused by both.
 */
class ActionBodiesTest {
    private static Path state;
    private static NovalabServer server;
    private static Api admin;
    private static JsonObject served;
    private static String project;
    private static String active;

    /** One action endpoint: its documented path, its request schema, the names its code accepts, a missing target. */
    private record Endpoint(String path, String schema, Set<String> accepted, String missing) {
        String at(String id) {
            return path.replace("{project_id}", project).replaceAll("\\{[a-z_]*id\\}", id);
        }

        /** The newest microversion of the endpoint's own service (Cinder's actions, like revert, need 3.40). */
        Map<String, String> latest() {
            return Map.of("Content-Type", "application/json", "OpenStack-API-Version",
                    (path.startsWith("/volume/") ? "volume" : "compute") + " latest");
        }
    }

    @BeforeAll
    static void start() throws Exception {
        state = Files.createTempDirectory("novalab-actions");
        server = TestServers.start(TestServers.config(state), new FakeCompute());
        admin = Api.login(server.baseUrl(), "admin", TestServers.ADMIN_PASSWORD, "demo");
        served = OpenApiSchemas.served(server.baseUrl());
        project = admin.send("GET", "/identity/v3/auth/tokens", null, Map.of("X-Subject-Token", admin.token()))
                .json().getJsonObject("token").getJsonObject("project").getString("id");
    }

    @AfterAll
    static void stop() throws Exception {
        server.close();
        try (var files = Files.walk(state)) {
            files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
    }

    private static List<Endpoint> endpoints() {
        return List.of(
                new Endpoint("/v2.1/servers/{server_id}/action", "ServerActionRequest", ComputeRoutes.SERVER_ACTIONS,
                        UUID.randomUUID().toString()),
                new Endpoint("/v2.1/flavors/{flavor_id}/action", "FlavorActionRequest", FlavorAccessRoutes.ACTIONS,
                        "no-such-flavor"),
                new Endpoint("/v2.1/os-aggregates/{aggregate_id}/action", "AggregateActionRequest",
                        AggregateRoutes.ACTIONS, "987654"),
                new Endpoint("/volume/v3/{project_id}/volumes/{id}/action", "VolumeActionRequest", VolumeRoutes.ACTIONS,
                        UUID.randomUUID().toString()));
    }

    @Test
    void each_endpoint_documents_exactly_the_actions_its_code_accepts_one_per_body() {
        for (Endpoint e : endpoints()) {
            JsonObject media = served.getJsonObject("paths").getJsonObject(e.path()).getJsonObject("post")
                    .getJsonObject("requestBody").getJsonObject("content").getJsonObject("application/json");
            assertThat(media.getJsonObject("schema").getString("$ref")).isEqualTo("#/components/schemas/" + e.schema());
            JsonObject request = schema(e.schema());
            assertThat(new TreeSet<>(request.getJsonObject("properties").fieldNames())).as(e.path())
                    .isEqualTo(new TreeSet<>(e.accepted()));
            assertThat(request.getInteger("minProperties")).isEqualTo(1);
            assertThat(request.getInteger("maxProperties")).isEqualTo(1);
            assertThat(request.getValue("additionalProperties")).isEqualTo(false);
            // the endpoint's example is one of its actions, and its schema accepts it
            JsonObject example = media.getJsonObject("example");
            assertThat(e.accepted()).contains(example.fieldNames().iterator().next());
            assertThat(validate(e.schema(), example)).as(e.path() + " example").isEmpty();
        }
        assertThat(ComputeRoutes.SERVER_ACTIONS).hasSize(28).contains("rebuild", "os-stop", "os-migrateLive");
    }

    @Test
    void every_documented_action_and_example_reaches_its_handler_and_an_unknown_action_does_not() {
        List<String> sent = new ArrayList<>();
        for (Endpoint e : endpoints()) {
            for (String action : schema(e.schema()).getJsonObject("properties").fieldNames()) {
                JsonArray examples = arguments(e, action).getJsonArray("examples");
                assertThat(examples).as(e.schema() + "." + action + " has examples").isNotNull().isNotEmpty();
                for (Object example : examples) {
                    JsonObject body = new JsonObject().put(action, example instanceof JsonObject o ? o.copy() : example);
                    assertThat(validate(e.schema(), body)).as(e.path() + " " + body.encode()).isEmpty();
                    if (action.equals("addTenantAccess")) {
                        body.getJsonObject(action).put("tenant", project); // a project Keystone knows is checked first
                    }
                    Api.Response answer = admin.send("POST", e.at(e.missing()), body.encode(), e.latest());
                    assertThat(answer.status()).as(e.path() + " " + body.encode() + ": " + answer.body())
                            .isEqualTo(404);
                    assertThat(validate("Error", answer.json())).as(answer.body()).isEmpty();
                    sent.add(action);
                }
            }
            JsonObject unknown = new JsonObject().put("os-frobnicate", (Object) null);
            assertThat(validate(e.schema(), unknown)).isNotEmpty();
            Api.Response answer = admin.send("POST", e.at(e.missing()), unknown.encode(), e.latest());
            assertThat(answer.status()).as(e.path()).isEqualTo(400);
            assertThat(answer.body()).contains("There is no such action: os-frobnicate");
        }
        assertThat(sent).contains("rebuild", "resize", "createImage", "os-resetState", "add_host", "os-extend",
                "revert", "removeTenantAccess");
    }

    @Test
    void a_documented_required_field_left_out_is_refused_by_the_schema_and_by_the_parser() throws Exception {
        String vm = activeServer();
        List<String> refused = new ArrayList<>();
        for (Endpoint e : endpoints()) {
            String target = e.schema().equals("ServerActionRequest") ? e.at(vm) : e.at(e.missing());
            for (String action : schema(e.schema()).getJsonObject("properties").fieldNames()) {
                JsonObject arguments = arguments(e, action);
                JsonArray required = arguments.getJsonArray("required", new JsonArray());
                for (Object field : required) {
                    JsonObject args = arguments.getJsonArray("examples").getJsonObject(0).copy();
                    args.remove((String) field);
                    JsonObject body = new JsonObject().put(action, args);
                    assertThat(validate(e.schema(), body)).as(body.encode()).isNotEmpty();
                    Api.Response answer = admin.send("POST", target, body.encode(), e.latest());
                    assertThat(answer.status()).as(e.path() + " " + body.encode() + ": " + answer.body())
                            .isEqualTo(400);
                    assertThat(message(answer)).as(body.encode()).contains("'" + field + "' is a required property");
                    refused.add(action + "." + field);
                }
            }
        }
        assertThat(refused).contains("rebuild.imageRef", "resize.flavorRef", "createImage.name",
                "os-resetState.state", "reboot.type", "createBackup.rotation", "os-migrateLive.host",
                "add_host.host", "set_metadata.metadata", "addTenantAccess.tenant", "os-extend.new_size",
                "revert.snapshot_id");
        // and nothing was done to the server
        assertThat(admin.get("/v2.1/servers/" + vm).json().getJsonObject("server").getString("status"))
                .isEqualTo("ACTIVE");
    }

    @Test
    void a_field_a_closed_action_schema_does_not_list_is_refused_by_the_parser_too() throws Exception {
        String vm = activeServer();
        List<String> closed = new ArrayList<>();
        for (Endpoint e : endpoints()) {
            String target = e.schema().equals("ServerActionRequest") ? e.at(vm) : e.at(e.missing());
            for (String action : schema(e.schema()).getJsonObject("properties").fieldNames()) {
                JsonObject arguments = arguments(e, action);
                if (!Boolean.FALSE.equals(arguments.getValue("additionalProperties"))) {
                    continue;
                }
                JsonObject args = arguments.getJsonArray("examples").getValue(0) instanceof JsonObject o ? o.copy()
                        : new JsonObject();
                JsonObject body = new JsonObject().put(action, args.put("not_a_field", "x"));
                assertThat(validate(e.schema(), body)).as(body.encode()).isNotEmpty();
                Api.Response answer = admin.send("POST", target, body.encode(), e.latest());
                assertThat(answer.status()).as(e.path() + " " + body.encode() + ": " + answer.body()).isEqualTo(400);
                assertThat(message(answer)).as(body.encode()).contains("not_a_field");
                closed.add(action);
            }
        }
        assertThat(closed).contains("rebuild", "resize", "createImage", "createBackup", "os-resetState", "rescue",
                "lock", "migrate", "os-migrateLive", "unshelve", "os-getConsoleOutput", "changePassword", "add_host",
                "set_metadata", "addTenantAccess", "os-extend", "revert").doesNotContain("reboot");
        assertThat(admin.get("/v2.1/servers/" + vm).json().getJsonObject("server").getString("status"))
                .isEqualTo("ACTIVE");
    }

    /** One ACTIVE server, made once: some actions find the server before they read their body. */
    private static synchronized String activeServer() throws InterruptedException {
        if (active == null) {
            active = admin.post("/v2.1/servers", new JsonObject().put("server", new JsonObject().put("name", "acts")
                    .put("imageRef", TestServers.CIRROS).put("flavorRef", "1").put("networks", "none")))
                    .json().getJsonObject("server").getString("id");
            admin.awaitStatus(active, "ACTIVE");
        }
        return active;
    }

    /** The schema of an action's argument (what goes under its name), through its $ref. */
    private static JsonObject arguments(Endpoint e, String action) {
        String ref = schema(e.schema()).getJsonObject("properties").getJsonObject(action).getString("$ref");
        return schema(ref.substring(ref.lastIndexOf('/') + 1));
    }

    private static JsonObject schema(String name) {
        return served.getJsonObject("components").getJsonObject("schemas").getJsonObject(name);
    }

    private static String message(Api.Response answer) {
        JsonObject error = answer.json();
        return error.getJsonObject(error.fieldNames().iterator().next()).getString("message");
    }

    /** The errors of {@code value} against the named component schema. */
    private static List<String> validate(String name, Object value) {
        JsonObject root = new JsonObject().put("$ref", "#/components/schemas/" + name)
                .put("components", served.getJsonObject("components").copy());
        OutputUnit result = Validator.create(JsonSchema.of(root), new JsonSchemaOptions().setDraft(Draft.DRAFT202012)
                .setBaseUri("https://novalab.example.org/openapi.json")).validate(value);
        if (result.getValid()) {
            return List.of();
        }
        return result.getErrors() == null ? List.of(result.getInstanceLocation() + ": " + result.getError())
                : result.getErrors().stream().map(u -> u.getInstanceLocation() + ": " + u.getError()).toList();
    }
}

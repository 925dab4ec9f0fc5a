package org.novalab.api.openapi;

import static org.assertj.core.api.Assertions.assertThat;

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
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.novalab.api.server.NovalabServer;
import org.novalab.api.testing.Api;
import org.novalab.api.testing.FakeCompute;
import org.novalab.api.testing.OpenApiSchemas;
import org.novalab.api.testing.TestServers;

/**
 * The served /openapi.json against the running server: every route the router answers is documented with its path
 * parameters (and nothing else is), every documented request example is accepted by the validators, and the
 * answers to them, and the errors, have the documented shape.
 */
class OpenApiDocumentTest {
    private static Path state;
    private static NovalabServer server;
    private static Api admin;
    private static JsonObject served;

    @BeforeAll
    static void start() throws Exception {
        state = Files.createTempDirectory("novalab-openapi");
        server = TestServers.start(TestServers.config(state), new FakeCompute());
        admin = Api.login(server.baseUrl(), "admin", TestServers.ADMIN_PASSWORD, "demo");
        served = OpenApiSchemas.served(server.baseUrl());
    }

    @AfterAll
    static void stop() throws Exception {
        server.close();
        try (var files = Files.walk(state)) {
            files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
    }

    @Test
    void every_route_the_router_answers_is_documented_with_its_path_parameters_and_nothing_else_is() {
        List<String> problems = OpenApiCoverage.problems(server.operations(), served);
        assertThat(problems).as("routes and /openapi.json disagree:\n" + String.join("\n", problems)).isEmpty();
        assertThat(server.operations()).hasSizeGreaterThan(400);
    }

    @Test
    void the_coverage_check_names_what_is_missing_both_ways() {
        JsonObject document = served.copy();
        document.getJsonObject("paths").remove("/v2.1/flavors/{flavor_id}/os-extra_specs/{key}");
        document.getJsonObject("paths").getJsonObject("/v2.1/servers/{server_id}").remove("parameters");
        document.getJsonObject("paths").put("/v2.1/gone", new JsonObject().put("get",
                new JsonObject().put("operationId", "getGone")));
        assertThat(OpenApiCoverage.problems(server.operations(), document)).contains(
                "GET /v2.1/flavors/{id}/os-extra_specs/{key} is answered by the router but not in /openapi.json: add "
                        + "to \"paths\" \"/v2.1/flavors/{id}/os-extra_specs/{key}\" (in api/src/main/resources/openapi"
                        + ".json, or the fragment of the extension that mounts it) {\"get\": {\"operationId\":\"getCompute"
                        + "FlavorsByIdOsExtraSpecsByKey\",\"summary\":\"…\",\"tags\":[\"…\"],\"responses\":{\"200\":"
                        + "{\"description\":\"…\"}}}}",
                "GET /v2.1/servers/{server_id} does not declare its path parameter server_id (add {\"name\": "
                        + "\"server_id\", \"in\": \"path\", \"required\": true, \"schema\": {\"type\": \"string\"}} to "
                        + "the path's \"parameters\")",
                "GET /v2.1/gone is in /openapi.json but no route answers it: remove it, or mount the route");
    }

    @Test
    void the_server_serves_the_document_assembled_at_start() {
        assertThat(served).isEqualTo(OpenApiDocument.ofClasspath().json());
        assertThat(served.getJsonObject("paths").fieldNames()).contains("/image/v2/images/{image_id}",
                "/novalab/v1/virsh/domains/{name}/xml");
    }

    @Test
    void every_documented_request_example_is_accepted_and_answered_in_the_documented_shape() {
        String project = admin.send("GET", "/identity/v3/auth/tokens", null, Map.of("X-Subject-Token", admin.token()))
                .json().getJsonObject("token").getJsonObject("project").getString("id");
        List<String> sent = new ArrayList<>();
        JsonObject paths = served.getJsonObject("paths");
        for (String path : paths.fieldNames()) {
            JsonObject item = paths.getJsonObject(path);
            for (String method : item.fieldNames()) {
                JsonObject operation = item.getValue(method) instanceof JsonObject o ? o : new JsonObject();
                JsonObject media = operation.getJsonObject("requestBody", new JsonObject())
                        .getJsonObject("content", new JsonObject()).getJsonObject("application/json");
                if (media == null || !media.containsKey("examples")) {
                    continue;
                }
                for (String name : media.getJsonObject("examples").fieldNames()) {
                    JsonObject example = media.getJsonObject("examples").getJsonObject(name).getJsonObject("value");
                    if (path.equals("/identity/v3/auth/tokens")) {
                        // the document shows a placeholder password; this server's admin has its own
                        example = example.copy();
                        example.getJsonObject("auth").getJsonObject("identity").getJsonObject("password")
                                .getJsonObject("user").put("password", TestServers.ADMIN_PASSWORD);
                    }
                    assertThat(validate(media.getJsonObject("schema"), example)).as(path + " example " + name)
                            .isEmpty();
                    String target = path.replace("{project_id}", project);
                    Api.Response answer = admin.send(method.toUpperCase(java.util.Locale.ROOT), target,
                            example.encode(), Map.of("Content-Type", "application/json"));
                    JsonObject documented = operation.getJsonObject("responses")
                            .getJsonObject(String.valueOf(answer.status()));
                    assertThat(answer.status()).as(method + " " + path + ": " + answer.body()).isBetween(200, 299);
                    assertThat(documented).as(method + " " + path + " answers " + answer.status()
                            + ", which the document does not list").isNotNull();
                    JsonObject schema = schemaOf(documented);
                    if (schema != null) {
                        assertThat(validate(schema, answer.json())).as(method + " " + path + ": " + answer.body())
                                .isEmpty();
                    }
                    sent.add(method + " " + path);
                }
            }
        }
        assertThat(sent).contains("post /v2.1/servers", "post /v2.1/flavors", "post /v2/images",
                "post /identity/v3/auth/tokens", "post /volume/v3/{project_id}/volumes");
    }

    @Test
    void the_main_answers_and_the_errors_have_the_documented_shape() throws Exception {
        String vm = admin.post("/v2.1/servers", new JsonObject().put("server", new JsonObject().put("name", "shape")
                .put("imageRef", TestServers.CIRROS).put("flavorRef", "1").put("networks", "none")))
                .json().getJsonObject("server").getString("id");
        admin.awaitStatus(vm, "ACTIVE");
        String missing = UUID.randomUUID().toString();
        Map<String, String> answers = Map.of("/v2.1/servers/" + vm, "/v2.1/servers/{server_id}",
                "/v2.1/servers/detail", "/v2.1/servers/detail", "/v2.1/flavors/1", "/v2.1/flavors/{flavor_id}",
                "/v2/images/" + TestServers.CIRROS, "/v2/images/{image_id}", "/v2/images", "/v2/images");
        answers.forEach((path, template) -> {
            Api.Response answer = admin.get(path);
            assertThat(answer.status()).as(path).isEqualTo(200);
            assertThat(validate(responseSchema(template, "get", 200), answer.json())).as(path + ": " + answer.body())
                    .isEmpty();
        });
        for (String path : List.of("/v2.1/servers/" + missing, "/v2/images/" + missing,
                "/identity/v3/users/" + missing, "/v2.1/flavors/nope")) {
            Api.Response answer = admin.get(path);
            assertThat(answer.status()).as(path).isEqualTo(404);
            assertThat(validate(new JsonObject().put("$ref", "#/components/schemas/Error"), answer.json()))
                    .as(path + ": " + answer.body()).isEmpty();
        }
        // the schema is not a formality: a Nova error without its message is not one
        assertThat(validate(new JsonObject().put("$ref", "#/components/schemas/Error"),
                new JsonObject().put("itemNotFound", new JsonObject().put("code", 404)))).isNotEmpty();
    }

    private static JsonObject responseSchema(String path, String method, int status) {
        return schemaOf(served.getJsonObject("paths").getJsonObject(path).getJsonObject(method)
                .getJsonObject("responses").getJsonObject(String.valueOf(status)));
    }

    private static JsonObject schemaOf(JsonObject response) {
        JsonObject media = response.getJsonObject("content", new JsonObject()).getJsonObject("application/json");
        return media == null ? null : media.getJsonObject("schema");
    }

    /** The errors of {@code value} against {@code schema}, whose $refs point into the document's components. */
    static List<String> validate(JsonObject schema, Object value) {
        // copies: the validator annotates the schema it is given
        JsonObject root = schema.copy().put("components", served.getJsonObject("components").copy());
        OutputUnit result = Validator.create(JsonSchema.of(root), new JsonSchemaOptions().setDraft(Draft.DRAFT202012)
                .setBaseUri("https://novalab.example.org/openapi.json")).validate(value);
        if (result.getValid()) {
            return List.of();
        }
        return result.getErrors() == null ? List.of(result.getInstanceLocation() + ": " + result.getError())
                : result.getErrors().stream().map(e -> e.getInstanceLocation() + ": " + e.getError()).toList();
    }
}

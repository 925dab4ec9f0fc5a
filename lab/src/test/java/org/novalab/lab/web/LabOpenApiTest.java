package org.novalab.lab.web;

import static org.assertj.core.api.Assertions.assertThat;

import io.swagger.parser.OpenAPIParser;
import io.swagger.v3.parser.core.models.ParseOptions;
import io.swagger.v3.parser.core.models.SwaggerParseResult;
import io.vertx.core.json.JsonObject;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.novalab.api.openapi.OpenApiCoverage;
import org.novalab.api.openapi.OpenApiDocument;
import org.novalab.api.server.NovalabServer;
import org.novalab.api.testing.OpenApiSchemas;
import org.novalab.api.testing.FakeCompute;
import org.novalab.api.testing.TestServers;

/**
 * The document a server with the lab serves: the lab's routes (/ui, /novalab/v1/classroom) are in it beside the
 * api's, every route is documented, and the reference parser reads it without a single message.
 */
class LabOpenApiTest {
    @Test
    void a_server_with_the_lab_documents_every_route_it_answers_the_classroom_s_included() throws Exception {
        Path state = Files.createTempDirectory("novalab-lab-openapi");
        try (NovalabServer server = TestServers.start(TestServers.config(state), new FakeCompute())) {
            JsonObject served = OpenApiSchemas.served(server.baseUrl());
            assertThat(server.operations()).extracting(Object::toString).contains("GET /ui", "GET /ui/{file}",
                    "GET /novalab/v1/classroom/instances", "POST /novalab/v1/classroom/lab");
            List<String> problems = OpenApiCoverage.problems(server.operations(), served);
            assertThat(problems).as("routes and /openapi.json disagree:\n" + String.join("\n", problems)).isEmpty();
            assertThat(served.getJsonArray("tags").stream().map(t -> ((JsonObject) t).getString("name")))
                    .contains("classroom", "compute");
        } finally {
            try (var files = Files.walk(state)) {
                files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }

    @Test
    void swagger_parser_reads_the_served_document_with_no_message() {
        ParseOptions options = new ParseOptions();
        options.setResolve(true);
        SwaggerParseResult result = new OpenAPIParser().readContents(OpenApiDocument.ofClasspath().json().encode(),
                null, options);
        assertThat(result.getMessages()).isEmpty();
        assertThat(result.getOpenAPI().getPaths()).containsKeys("/v2.1/servers/{server_id}", "/ui/{file}",
                "/image/v2/images/{image_id}");
        assertThat(result.getOpenAPI().getComponents().getSchemas()).containsKeys("Server", "Image", "Flavor",
                "Volume", "Token", "Error");
    }
}

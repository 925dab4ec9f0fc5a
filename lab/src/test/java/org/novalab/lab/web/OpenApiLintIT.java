package org.novalab.lab.web;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.json.JsonObject;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.novalab.api.openapi.OpenApiDocument;

/**
 * Redocly's lint (the pinned {@code @redocly/cli} of scripts/openapi-lint, which scripts/test installs with
 * {@code npm ci}) over the document a server with the lab serves, with scripts/openapi-lint/redocly.yaml: no problem
 * at all, neither error nor warning. A missing tool fails the test: a lint that did not run proved nothing.
 */
@Tag("integration")
class OpenApiLintIT {
    private static final Path LINT = Path.of("..", "scripts", "openapi-lint").toAbsolutePath().normalize();

    @Test
    void redocly_finds_no_error_and_no_warning_in_the_served_document() throws Exception {
        Path redocly = LINT.resolve("node_modules/.bin/redocly");
        assertThat(redocly).as("Redocly CLI missing: run (cd scripts/openapi-lint && npm ci)").isExecutable();
        Path document = Files.createTempFile("novalab-openapi", ".json");
        try {
            Files.writeString(document, OpenApiDocument.ofClasspath().json().encodePrettily());
            Process lint = new ProcessBuilder(redocly.toString(), "lint", "--config",
                    LINT.resolve("redocly.yaml").toString(), "--format", "json", document.toString())
                    .redirectError(ProcessBuilder.Redirect.DISCARD).start();
            String output = new String(lint.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertThat(lint.waitFor(5, TimeUnit.MINUTES)).isTrue();
            // the JSON report: every problem with its rule and pointer, and the totals
            JsonObject report = new JsonObject(output);
            assertThat(report.getJsonArray("problems")).as(output).isEmpty();
            assertThat(report.getJsonObject("totals").getInteger("errors")).isZero();
            assertThat(report.getJsonObject("totals").getInteger("warnings")).isZero();
            assertThat(lint.exitValue()).isZero();
        } finally {
            Files.deleteIfExists(document);
        }
    }
}

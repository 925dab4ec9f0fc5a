package org.novalab.lab.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.novalab.cli.Cli;
import org.novalab.cli.Console;

/** Runs {@code novalab lab ...} in-process, as a user would type it, and keeps what it printed. */
record LabRun(int status, String out, String err) {
    static LabRun of(String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        Console console = new Console(new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8), new ByteArrayInputStream(new byte[0]));
        int status = new Cli(List.of(new LabGroup()), List.of()).run(args, console);
        return new LabRun(status, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    JsonNode json() throws Exception {
        return new ObjectMapper().readTree(out);
    }

    static JsonNode caseOf(JsonNode report, String id) {
        for (JsonNode c : report.get("cases")) {
            if (c.get("id").asText().equals(id)) {
                return c;
            }
        }
        throw new AssertionError("no case " + id + " in the report");
    }
}

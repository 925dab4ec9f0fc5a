package org.novalab.dist.tutorial;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.novalab.testing.RealTools;

/**
 * docs/tutorial.md cannot rot: its {@code <!-- server -->} block is started in the background, then every
 * {@code <!-- run -->} block runs in order in one working directory (environment variables carry over, like one
 * shell session), must succeed, and must print the key lines the doc shows. The doc's port 8774 becomes a free one.
 */
@Tag("integration")
class TutorialIT {
    private static final Path DOC = Path.of("..", "docs", "tutorial.md");
    private static final String DOC_PORT = "8774";

    @TempDir
    Path work;

    @Test
    void every_step_of_the_tutorial_runs_and_prints_what_the_doc_shows() throws Exception {
        RealTools.require("openstack", "python3-openstackclient");
        TutorialScript script = TutorialScript.parse(Files.readString(DOC, StandardCharsets.UTF_8));
        assertThat(script.steps()).hasSizeGreaterThan(10);
        Path bin = novalabOnPath();
        Path run = Files.createDirectories(work.resolve("run"));
        Path env = work.resolve("env.sh");
        Files.writeString(env, "export PATH=" + bin + ":$PATH\n");
        String port = Integer.toString(freePort());
        Process server = null;
        try {
            if (script.serverCommand().isPresent()) {
                server = start(script.serverCommand().get().replace(DOC_PORT, port), env, run);
                awaitPort(Integer.parseInt(port), server);
            }
            // every step runs (a failing command stops the run); the doc's drift is reported all at once, and the
            // whole transcript is kept in target/ to refresh the doc's pasted outputs from
            StringBuilder transcript = new StringBuilder();
            StringBuilder drift = new StringBuilder();
            for (TutorialScript.Step step : script.steps()) {
                String output = runStep(step.commands().replace(DOC_PORT, port), env, run);
                transcript.append("## line ").append(step.line()).append('\n').append(step.commands()).append("\n---\n")
                        .append(output.replace(port, DOC_PORT)).append('\n');
                step.expectedOutput().ifPresent(expected -> {
                    List<String> missing = KeyLines.missing(expected.replace(DOC_PORT, port), output);
                    if (!missing.isEmpty()) {
                        drift.append(String.format("docs/tutorial.md line %d: the doc shows %s%nbut the run printed:%n%s%n",
                                step.line(), missing, output));
                    }
                });
            }
            Files.createDirectories(Path.of("target"));
            Files.writeString(Path.of("target", "tutorial-transcript.txt"), transcript);
            assertThat(drift.toString()).as("the tutorial's pasted outputs drifted (see target/tutorial-transcript.txt)")
                    .isEmpty();
        } finally {
            if (server != null) {
                server.destroy();
                if (!server.waitFor(20, TimeUnit.SECONDS)) {
                    server.destroyForcibly();
                }
            }
        }
    }

    /** A {@code novalab} command running this build's classes, so the doc's commands work unchanged. */
    private Path novalabOnPath() throws IOException {
        Path bin = Files.createDirectories(work.resolve("bin"));
        Path novalab = bin.resolve("novalab");
        Files.writeString(novalab, "#!/bin/sh\nexec java -cp '" + System.getProperty("java.class.path")
                + "' org.novalab.cli.Main \"$@\"\n");
        Files.setPosixFilePermissions(novalab, PosixFilePermissions.fromString("rwxr-xr-x"));
        return bin;
    }

    private Process start(String command, Path env, Path dir) throws IOException {
        return new ProcessBuilder("bash", "-c", ". " + env + " && exec " + command).directory(dir.toFile())
                .redirectErrorStream(true).redirectOutput(work.resolve("server.log").toFile()).start();
    }

    private String runStep(String commands, Path env, Path dir) throws Exception {
        Path script = Files.createTempFile(work, "step", ".sh");
        // one shell session: exported variables and the reader's own (lower-case) shell variables carry over
        Path vars = work.resolve("vars.sh");
        Files.writeString(script, "set -euo pipefail\n. " + env + "\n[ -f " + vars + " ] && . " + vars + "\n"
                + commands + "\nexport -p > " + env + "\n( set -o posix; set ) | grep -E '^[a-z_][a-z0-9_]*=' > "
                + vars + " || true\n");
        Process p = new ProcessBuilder("bash", script.toString()).directory(dir.toFile()).redirectErrorStream(true)
                .start();
        byte[] out = p.getInputStream().readAllBytes();
        assertThat(p.waitFor(5, TimeUnit.MINUTES)).isTrue();
        String output = new String(out, StandardCharsets.UTF_8);
        assertThat(p.exitValue()).as("step failed:%n%s%n---%n%s%nserver log tail:%n%s", commands, output, serverLog())
                .isZero();
        return output;
    }

    private String serverLog() throws IOException {
        Path log = work.resolve("server.log");
        if (!Files.exists(log)) {
            return "";
        }
        List<String> lines = Files.readAllLines(log);
        return String.join("\n", lines.subList(Math.max(0, lines.size() - 30), lines.size()));
    }

    private void awaitPort(int port, Process server) throws Exception {
        Instant end = Instant.now().plus(Duration.ofSeconds(90));
        while (Instant.now().isBefore(end)) {
            assertThat(server.isAlive()).as("the server exited:%n%s", serverLog()).isTrue();
            try (Socket s = new Socket("127.0.0.1", port)) {
                return;
            } catch (IOException notYet) {
                Thread.sleep(200);
            }
        }
        throw new AssertionError("the server did not listen on " + port + ":\n" + serverLog());
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }
}

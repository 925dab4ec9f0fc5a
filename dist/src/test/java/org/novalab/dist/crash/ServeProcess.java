package org.novalab.dist.crash;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * {@code novalab serve} as a process of its own, on this build's classes: started on a state dir, killed with
 * SIGKILL (what a power cut or the OOM killer does to it), started again on the same state dir.
 */
final class ServeProcess {
    static final String ADMIN_PASSWORD = "crash-admin-pw";
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    private final Process process;
    private final String baseUrl;
    private final Path log;

    private ServeProcess(Process process, String baseUrl, Path log) {
        this.process = process;
        this.baseUrl = baseUrl;
        this.log = log;
    }

    static ServeProcess start(Path state, Path log) throws Exception {
        int port = freePort();
        Process p = new ProcessBuilder(javaCommand("serve", "--state", state.toString(), "--port",
                Integer.toString(port), "--admin-password", ADMIN_PASSWORD))
                .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile())).start();
        ServeProcess server = new ServeProcess(p, "http://127.0.0.1:" + port, log);
        server.awaitReady();
        return server;
    }

    /**
     * {@code java -cp <this build> org.novalab.cli.Main ARGS}: the command {@code scripts/novalab} runs, with the
     * quick JIT only (these processes live seconds; starting is what they mostly do).
     */
    static List<String> javaCommand(String... args) {
        List<String> cmd = new java.util.ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java")
                .toString(), "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1", "-cp", System.getProperty("java.class.path"), "org.novalab.cli.Main"));
        cmd.addAll(List.of(args));
        return cmd;
    }

    String baseUrl() {
        return baseUrl;
    }

    long pid() {
        return process.pid();
    }

    /** SIGKILL: no shutdown hook, no flush, no close; then waits until the process is gone. */
    void kill() throws InterruptedException {
        process.destroyForcibly();
        if (!process.waitFor(30, TimeUnit.SECONDS)) {
            throw new AssertionError("novalab serve (pid " + pid() + ") survived SIGKILL for 30 s");
        }
    }

    void stop() throws InterruptedException {
        process.destroy();
        if (!process.waitFor(30, TimeUnit.SECONDS)) {
            kill();
        }
    }

    String logTail() {
        try {
            List<String> lines = Files.readAllLines(log);
            return String.join("\n", lines.subList(Math.max(0, lines.size() - 40), lines.size()));
        } catch (IOException e) {
            return "(no log: " + e + ")";
        }
    }

    private void awaitReady() throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(90).toNanos();
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new AssertionError("novalab serve exited with " + process.exitValue() + ":\n" + logTail());
            }
            try {
                HttpResponse<Void> r = HTTP.send(HttpRequest.newBuilder(URI.create(baseUrl + "/v2.1"))
                        .timeout(Duration.ofSeconds(2)).build(), HttpResponse.BodyHandlers.discarding());
                if (r.statusCode() == 200) {
                    return;
                }
            } catch (IOException notYet) {
                // not listening yet
            }
            Thread.sleep(50);
        }
        throw new AssertionError("novalab serve did not answer within 90 s:\n" + logTail());
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }
}

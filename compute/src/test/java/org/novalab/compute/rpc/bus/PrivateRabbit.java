package org.novalab.compute.rpc.bus;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.novalab.testing.RealTools;

/**
 * A RabbitMQ node private to a test, started and stopped by the project's own {@code scripts/rabbitmq} on free
 * ports under a temp dir; {@link #restart} keeps its data (durable queues and persistent messages).
 */
public final class PrivateRabbit implements AutoCloseable {
    private final Path script;
    private final Path dir;
    private final Map<String, String> env;
    private String url;

    private PrivateRabbit(Path script, Path dir, Map<String, String> env) {
        this.script = script;
        this.dir = dir;
        this.env = env;
    }

    public static PrivateRabbit start() throws IOException, InterruptedException {
        RealTools.require("epmd", "rabbitmq-server");
        Path script = projectRoot().resolve("scripts/rabbitmq");
        Path dir = Files.createTempDirectory("novalab-rabbit");
        Map<String, String> env = Map.of("RMQ_PORT", Integer.toString(freePort()),
                "RMQ_DIST_PORT", Integer.toString(freePort()), "RMQ_EPMD_PORT", Integer.toString(freePort()),
                "RMQ_NODENAME", "rabbit" + ProcessHandle.current().pid() + "x" + System.nanoTime() % 100000
                        + "@localhost");
        PrivateRabbit r = new PrivateRabbit(script, dir, env);
        r.url = r.run("start").strip();
        return r;
    }

    /** The transport_url the script printed. */
    public String url() {
        return url;
    }

    public void stopBroker() throws IOException, InterruptedException {
        run("stop");
    }

    public void startBroker() throws IOException, InterruptedException {
        url = run("start").strip();
    }

    public void restart() throws IOException, InterruptedException {
        stopBroker();
        startBroker();
    }

    @Override
    public void close() throws IOException, InterruptedException {
        run("purge"); // removes DIR/node; the temp dir around it goes too
        Files.deleteIfExists(dir);
    }

    private String run(String verb) throws IOException, InterruptedException {
        ProcessBuilder pb = new ProcessBuilder(List.of(script.toString(), verb, dir.resolve("node").toString()));
        pb.environment().putAll(env);
        pb.redirectError(ProcessBuilder.Redirect.INHERIT);
        Process p = pb.start();
        byte[] out = p.getInputStream().readAllBytes();
        if (!p.waitFor(120, TimeUnit.SECONDS) || p.exitValue() != 0) {
            throw new IOException("scripts/rabbitmq " + verb + " failed");
        }
        return new String(out, StandardCharsets.UTF_8);
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }

    private static Path projectRoot() {
        Path p = Path.of("").toAbsolutePath();
        while (p != null && !Files.exists(p.resolve("scripts/rabbitmq"))) {
            p = p.getParent();
        }
        if (p == null) {
            throw new IllegalStateException("scripts/rabbitmq not found above " + Path.of("").toAbsolutePath());
        }
        return p;
    }
}

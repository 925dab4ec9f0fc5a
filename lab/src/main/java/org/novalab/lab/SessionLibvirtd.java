package org.novalab.lab;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/**
 * An unprivileged ("session") libvirtd run as nobody with the recipe in {@code libvirtd-session.sh} (no systemd,
 * no system file touched), for {@code lab --real}. Stopped by its own pid file on close. Guests run as uid 65534,
 * so the lab's state dir must be reachable for that user.
 */
final class SessionLibvirtd implements AutoCloseable {
    private final Path script;
    private final Path base;
    private final String uri;

    private SessionLibvirtd(Path script, Path base, String uri) {
        this.script = script;
        this.base = base;
        this.uri = uri;
    }

    static SessionLibvirtd start(Path workDir) throws IOException, InterruptedException {
        Path script = workDir.resolve("libvirtd-session.sh");
        try (InputStream in = SessionLibvirtd.class.getResourceAsStream("libvirtd-session.sh")) {
            Files.copy(in, script);
        }
        Path base = workDir.resolve("d"); // short: QEMU's monitor socket lives below it
        Files.createDirectories(base);
        String out = run(script, "start", base).strip();
        String uri = out.lines().reduce((a, b) -> b).orElse("");
        if (!uri.startsWith("qemu+unix:///session?socket=")) {
            throw new IOException("libvirtd-session.sh start said: " + out);
        }
        return new SessionLibvirtd(script, base, uri);
    }

    String uri() {
        return uri;
    }

    @Override
    public void close() throws IOException, InterruptedException {
        run(script, "stop", base);
    }

    private static String run(Path script, String cmd, Path base) throws IOException, InterruptedException {
        Process p = new ProcessBuilder("sh", script.toString(), cmd, base.toString()).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!p.waitFor(60, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new IOException("libvirtd-session.sh " + cmd + " did not finish in 60 s");
        }
        if (p.exitValue() != 0) {
            throw new IOException("libvirtd-session.sh " + cmd + " failed: " + out.strip());
        }
        return out;
    }
}

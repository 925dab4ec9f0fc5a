package org.novalab.compute.hypervisor;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.concurrent.TimeUnit;

/**
 * An unprivileged ("session") libvirtd run as nobody with the recipe in {@code libvirtd-session.sh} (no systemd,
 * no system file touched): the real hypervisor for {@code lab --real} and the real-stack tests. Stopped by its own
 * pid file on close; destroy its domains first, running guests outlive the daemon. Guests run as uid 65534, so
 * everything they open must be reachable for that user ({@link #openToGuests}).
 */
public final class SessionLibvirtd implements AutoCloseable {
    private final Path script;
    private final Path base;
    private final String uri;

    private SessionLibvirtd(Path script, Path base, String uri) {
        this.script = script;
        this.base = base;
        this.uri = uri;
    }

    /** Starts the daemon below {@code workDir}; returns once its socket exists. */
    public static SessionLibvirtd start(Path workDir) throws IOException, InterruptedException {
        Path script = workDir.resolve("libvirtd-session.sh");
        try (InputStream in = SessionLibvirtd.class.getResourceAsStream("libvirtd-session.sh")) {
            Files.copy(in, script);
        }
        Path base = workDir.resolve("d"); // short: QEMU's monitor socket path lives below it
        Files.createDirectories(base);
        String out = run(script, "start", base).strip();
        String uri = out.lines().reduce((a, b) -> b).orElse("");
        if (!uri.startsWith("qemu+unix:///session?socket=")) {
            throw new IOException("libvirtd-session.sh start said: " + out);
        }
        return new SessionLibvirtd(script, base, uri);
    }

    /** The libvirt URI of this daemon, {@code qemu+unix:///session?socket=...}. */
    public String uri() {
        return uri;
    }

    public long pid() throws IOException {
        return Long.parseLong(Files.readString(base.resolve("libvirtd.pid")).strip());
    }

    public String log() throws IOException {
        Path log = base.resolve("libvirtd.log");
        return Files.exists(log) ? Files.readString(log) : "";
    }

    /** Where this daemon keeps persistent secrets (plain base64, libvirt's own store: XDG_CONFIG_HOME/libvirt). */
    public Path secretsDir() {
        return base.resolve("config").resolve("libvirt").resolve("secrets");
    }

    /** Makes a directory reachable for the guests' user (uid 65534). */
    public static void openToGuests(Path dir) throws IOException {
        Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwxrwxrwx"));
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

package org.novalab.compute.testing;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.concurrent.TimeUnit;
import org.novalab.testing.RealTools;

/**
 * An unprivileged ("session") libvirtd run as nobody, started with the recipe in
 * {@code src/test/resources/libvirtd-session.sh} (no systemd, no system file touched). Stopped by its pid.
 * Guests run as uid 65534, so everything they open must be readable/writable by that user.
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

    public static SessionLibvirtd start(Path workDir) throws Exception {
        RealTools.require("libvirtd", "libvirt-daemon");
        RealTools.require("qemu-system-x86_64", "qemu-system-x86");
        RealTools.require("setpriv", "util-linux");
        Path script = workDir.resolve("libvirtd-session.sh");
        try (InputStream in = SessionLibvirtd.class.getResourceAsStream("/libvirtd-session.sh")) {
            Files.copy(in, script);
        }
        Path base = workDir.resolve("libvirtd");
        Files.createDirectories(base);
        String out = run(script, "start", base).trim();
        assertThat(out).as("libvirtd-session.sh start").startsWith("qemu+unix:///session?socket=");
        return new SessionLibvirtd(script, base, out.lines().reduce((a, b) -> b).orElseThrow());
    }

    public String uri() {
        return uri;
    }

    public long pid() throws IOException {
        return Long.parseLong(Files.readString(base.resolve("libvirtd.pid")).trim());
    }

    /** Makes a directory reachable for the guests' user. */
    public static void openToGuests(Path dir) throws IOException {
        Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwxrwxrwx"));
    }

    public String log() throws IOException {
        Path log = base.resolve("libvirtd.log");
        return Files.exists(log) ? Files.readString(log) : "";
    }

    @Override
    public void close() throws Exception {
        run(script, "stop", base);
    }

    private static String run(Path script, String cmd, Path base) throws Exception {
        Process p = new ProcessBuilder("sh", script.toString(), cmd, base.toString()).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).as("libvirtd-session.sh %s: %s", cmd, out).isZero();
        return out;
    }
}

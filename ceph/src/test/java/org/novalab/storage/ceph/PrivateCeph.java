package org.novalab.storage.ceph;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.novalab.testing.RealTools;

/**
 * A private single-node Ceph cluster for a test class, started and stopped with the project's {@code scripts/ceph}
 * (daemons under a temporary directory, ended by pid). {@link #close()} stops it.
 */
public final class PrivateCeph implements AutoCloseable {
    private final Path script;
    private final Path dir;
    private final Path conf;

    private PrivateCeph(Path script, Path dir, Path conf) {
        this.script = script;
        this.dir = dir;
        this.conf = conf;
    }

    /** Starts a cluster under {@code dir} (pools images, vms and volumes unless {@code pools} says otherwise). */
    public static PrivateCeph start(Path dir, String pools) throws IOException, InterruptedException {
        RealTools.require("ceph-mon", "ceph-mon");
        RealTools.require("ceph-osd", "ceph-osd");
        RealTools.require("rbd", "ceph-common");
        Path script = projectRoot().resolve("scripts/ceph");
        ProcessBuilder pb = new ProcessBuilder(script.toString(), "start", dir.toString());
        if (pools != null) {
            pb.environment().put("CEPH_POOLS", pools);
        }
        pb.environment().put("CEPH_MGR", "0");   // no mgr: the tests need no pool statistics, and it costs 150 MB
        String out = run(pb, Duration.ofSeconds(120));
        String conf = out.lines().filter(l -> l.startsWith("CEPH_CONF=")).map(l -> l.substring(10)).findFirst()
                .orElseThrow(() -> new IllegalStateException("scripts/ceph printed no CEPH_CONF:\n" + out));
        return new PrivateCeph(script, dir, Path.of(conf));
    }

    public Path conf() {
        return conf;
    }

    public Path dir() {
        return dir;
    }

    public CephClientConfig admin() {
        return new CephClientConfig(conf, "admin");
    }

    /** Runs a real Ceph tool ({@code rados}, {@code rbd}) against the cluster and returns its output. */
    public String tool(String... args) throws IOException, InterruptedException {
        String[] cmd = new String[args.length + 1];
        cmd[0] = args[0];
        cmd[1] = "--conf=" + conf;
        System.arraycopy(args, 1, cmd, 2, args.length - 1);
        return run(new ProcessBuilder(cmd), Duration.ofSeconds(60));
    }

    static Path projectRoot() {
        Path dir = Path.of("").toAbsolutePath();
        while (dir != null && !Files.isExecutable(dir.resolve("scripts/ceph"))) {
            dir = dir.getParent();
        }
        if (dir == null) {
            throw new IllegalStateException("scripts/ceph not found above " + Path.of("").toAbsolutePath());
        }
        return dir;
    }

    private static String run(ProcessBuilder pb, Duration timeout) throws IOException, InterruptedException {
        pb.redirectErrorStream(true);
        Process p = pb.start();
        byte[] out;
        try (var in = p.getInputStream()) {
            out = in.readAllBytes();
        }
        if (!p.waitFor(timeout.toSeconds(), TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new IOException(String.join(" ", pb.command()) + " did not finish within " + timeout);
        }
        String text = new String(out, StandardCharsets.UTF_8);
        if (p.exitValue() != 0) {
            throw new IOException(String.join(" ", pb.command()) + " failed (" + p.exitValue() + "):\n" + text);
        }
        return text;
    }

    @Override
    public void close() throws IOException, InterruptedException {
        run(new ProcessBuilder(script.toString(), "stop", dir.toString()), Duration.ofSeconds(60));
    }
}

package org.novalab.dist.distribution;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The tarball as a user gets it ({@code mvn package}: target/novalab-VERSION.tar.gz), unpacked with tar into a
 * temp dir and run through a chain of symlinks from another directory. Runs in the package phase, after the
 * assembly (dist/pom.xml).
 */
@Tag("integration")
class DistributionIT {
    record Run(int status, String out, String err) {
    }

    @TempDir
    Path tmp;
    Path home;
    String version;

    @BeforeEach
    void unpack() throws Exception {
        // set by the package-phase execution only: in the test phase the tarball is not built yet
        org.junit.jupiter.api.Assumptions.assumeTrue(System.getProperty("novalab.tarball") != null,
                "runs in the package phase (dist/pom.xml, execution distribution-tests)");
        Path tarball = Path.of(System.getProperty("novalab.tarball"));
        version = System.getProperty("novalab.version");
        assertThat(tarball).isRegularFile().hasFileName("novalab-" + version + ".tar.gz");
        Path opt = Files.createDirectories(tmp.resolve("opt"));
        assertThat(run(opt, Map.of(), "tar", "xzf", tarball.toString()).status()).isZero();
        home = opt.resolve("novalab-" + version);
    }

    @Test
    void theTarballHoldsTheLauncherLibrariesUnitEtcAndDocs() throws IOException {
        assertThat(Files.getPosixFilePermissions(home.resolve("bin/novalab")))
                .contains(PosixFilePermission.OWNER_EXECUTE, PosixFilePermission.OTHERS_EXECUTE);
        try (Stream<Path> jars = Files.list(home.resolve("lib"))) {
            assertThat(jars.map(p -> p.getFileName().toString()))
                    .contains("novalab-cli-" + version + ".jar", "novalab-api-" + version + ".jar",
                            "novalab-disk-" + version + ".jar", "novalab-lab-" + version + ".jar")
                    .anyMatch(n -> n.startsWith("vertx-core-")).anyMatch(n -> n.startsWith("h2-"));
        }
        assertThat(home.resolve("docs/README.md")).isRegularFile();
        assertThat(home.resolve("docs/architecture.md")).isRegularFile();
        // etc/ is dist/src/etc, whatever it holds
        Path etcSource = Path.of("src/etc");
        if (Files.isDirectory(etcSource)) {
            try (Stream<Path> files = Files.walk(etcSource)) {
                for (Path f : files.filter(Files::isRegularFile).toList()) {
                    assertThat(home.resolve("etc").resolve(etcSource.relativize(f))).hasSameBinaryContentAs(f);
                }
            }
        }
        String unit = Files.readString(home.resolve("systemd/novalab.service"));
        assertThat(unit).contains("User=novalab", "StateDirectory=novalab", "NoNewPrivileges=yes",
                "ProtectSystem=strict", "ExecStart=/opt/novalab/bin/novalab serve");
    }

    @Test
    void theSystemdUnitsOfTheAllInOneAndOfTheRolesAreValidForSystemd() throws Exception {
        Path analyze = Path.of("/usr/bin/systemd-analyze");
        org.junit.jupiter.api.Assumptions.assumeTrue(Files.isExecutable(analyze), "systemd-analyze not installed");
        String api = Files.readString(home.resolve("systemd/novalab-api.service"));
        assertThat(api).contains("ExecStart=/opt/novalab/bin/novalab serve --config-file", "NoNewPrivileges=yes");
        String compute = Files.readString(home.resolve("systemd/novalab-compute@.service"));
        assertThat(compute).contains("ExecStart=/opt/novalab/bin/novalab compute --config-file "
                + "/etc/novalab/compute-%i.conf --host %i", "StateDirectory=novalab/compute-%i");
        // the units name /opt/novalab; verify them against this unpacked copy (the template as an instance of it)
        Map<String, String> units = Map.of("novalab.service", "novalab.service",
                "novalab-api.service", "novalab-api.service",
                "novalab-compute@.service", "novalab-compute@node1.service");
        for (Map.Entry<String, String> u : units.entrySet()) {
            Path unit = tmp.resolve(u.getValue());
            Files.writeString(unit, Files.readString(home.resolve("systemd").resolve(u.getKey()))
                    .replace("/opt/novalab/", home + "/"));
            Run verify = run(tmp, Map.of(), analyze.toString(), "verify", unit.toString());
            assertThat(verify.status()).as(u.getKey() + ": " + verify.err()).isZero();
            assertThat(verify.err()).doesNotContain(u.getValue() + ":");
        }
    }

    @Test
    void throughSymlinksFromAnotherDirectoryItKnowsItsVersionAndWorksOnRelativeFiles() throws Exception {
        Path bin = Files.createDirectories(tmp.resolve("usr/local/bin"));
        Path links = Files.createDirectories(tmp.resolve("links"));
        // two hops, one relative, one absolute: /usr/local/bin/novalab -> ../../../links/novalab -> bin/novalab
        Files.createSymbolicLink(links.resolve("novalab"), home.resolve("bin/novalab"));
        Files.createSymbolicLink(bin.resolve("novalab"), Path.of("../../../links/novalab"));
        Path work = Files.createDirectories(tmp.resolve("work"));
        Map<String, String> env = Map.of("PATH", bin + ":" + Path.of(System.getProperty("java.home"), "bin")
                + ":/usr/bin:/bin");

        Run printed = onPath(work, env, "--version");
        assertThat(printed.status()).as(printed.err()).isZero();
        assertThat(printed.out()).isEqualTo("novalab " + version + "\n");
        assertThat(onPath(work, env, "--help").out().lines().findFirst().orElseThrow())
                .startsWith("novalab " + version + ": ");

        Run create = onPath(work, env, "img", "create", "-f", "qcow2", "x.qcow2", "1G");
        assertThat(create.status()).as(create.err()).isZero();
        Run info = onPath(work, env, "img", "info", "x.qcow2");
        assertThat(info.status()).as(info.err()).isZero();
        assertThat(info.out()).startsWith("image: x.qcow2\nfile format: qcow2\nvirtual size: 1 GiB (1073741824 bytes)\n");
    }

    @Test
    void javaComesFromJavaHomeElsePathAndTheJvmGetsNovalabJavaOpts() throws Exception {
        String launcher = home.resolve("bin/novalab").toString();
        String javaHome = System.getProperty("java.home");
        // no java on PATH: JAVA_HOME alone finds it; NOVALAB_JAVA_OPTS reach the JVM (it prints its settings)
        Run viaHome = run(tmp, Map.of("PATH", "/usr/bin:/bin", "JAVA_HOME", javaHome,
                "NOVALAB_JAVA_OPTS", "-XshowSettings:properties -Dnovalab.probe=yes"), launcher, "--version");
        assertThat(viaHome.status()).as(viaHome.err()).isZero();
        assertThat(viaHome.out()).isEqualTo("novalab " + version + "\n");
        assertThat(viaHome.err()).contains("novalab.probe = yes", "java.home = " + javaHome);

        Run wrongHome = run(tmp, Map.of("PATH", "/usr/bin:/bin", "JAVA_HOME", tmp.resolve("nojava").toString()),
                launcher, "--version");
        assertThat(wrongHome.status()).isEqualTo(1);
        assertThat(wrongHome.err().lines()).hasSize(1).first().asString().startsWith("novalab: JAVA_HOME is ");

        Run noJava = run(tmp, Map.of("PATH", tmp.toString()), launcher, "--version");
        assertThat(noJava.status()).isEqualTo(1);
        assertThat(noJava.err()).isEqualTo("novalab: java not found: install Java 17 or later, or set JAVA_HOME\n");
    }

    /**
     * The checkout's {@code scripts/novalab}, reached through a symlink from elsewhere: it builds in its own
     * checkout (a stand-in {@code mvn} on PATH records where it ran and puts this build's jar in place) and then
     * runs in the caller's directory.
     */
    @Test
    void theCheckoutsScriptThroughASymlinkBuildsInItsCheckoutAndRunsWhereItIsCalled() throws Exception {
        Path checkout = Files.createDirectories(tmp.resolve("checkout/scripts"));
        Files.copy(Path.of("../scripts/novalab"), checkout.resolve("novalab"));
        Path root = checkout.getParent();
        Path fakeBin = Files.createDirectories(tmp.resolve("fake-bin"));
        Path record = tmp.resolve("mvn-ran-in");
        Path jar = Path.of("target/novalab.jar").toAbsolutePath();
        Files.writeString(fakeBin.resolve("mvn"), "#!/bin/sh\npwd > '" + record + "'\nmkdir -p dist/target\n"
                + "cp '" + jar + "' dist/target/novalab.jar\nln -s '" + jar.resolveSibling("lib")
                + "' dist/target/lib\n");
        Files.setPosixFilePermissions(fakeBin.resolve("mvn"), java.nio.file.attribute.PosixFilePermissions
                .fromString("rwxr-xr-x"));
        Path links = Files.createDirectories(tmp.resolve("my-bin"));
        Files.createSymbolicLink(links.resolve("novalab"), root.resolve("scripts/novalab"));
        Path work = Files.createDirectories(tmp.resolve("elsewhere"));
        Files.writeString(work.resolve("here.raw"), "x".repeat(4096));
        Map<String, String> env = Map.of("PATH", links + ":" + fakeBin + ":"
                + Path.of(System.getProperty("java.home"), "bin") + ":/usr/bin:/bin");

        Run info = onPath(work, env, "img", "info", "here.raw");
        assertThat(info.status()).as(info.err()).isZero();
        assertThat(Files.readString(record).strip()).isEqualTo(root.toRealPath().toString());
        assertThat(info.err()).contains("novalab: building");
        assertThat(info.out()).startsWith("image: here.raw\nfile format: raw\n");
        // built once: the second run starts at once
        Files.delete(record);
        Run again = onPath(work, env, "--version");
        assertThat(again.out()).isEqualTo("novalab " + version + "\n");
        assertThat(record).doesNotExist();
    }

    /** {@code novalab ARGS} as a shell finds it on {@code env}'s PATH. */
    private static Run onPath(Path dir, Map<String, String> env, String... args) throws Exception {
        List<String> command = new java.util.ArrayList<>(List.of("/bin/sh", "-c", "exec novalab \"$@\"", "sh"));
        command.addAll(List.of(args));
        return run(dir, env, command.toArray(String[]::new));
    }

    private static Run run(Path dir, Map<String, String> env, String... command) throws Exception {
        ProcessBuilder pb = new ProcessBuilder(List.of(command)).directory(dir.toFile());
        if (!env.isEmpty()) {
            pb.environment().clear();
            pb.environment().putAll(env);
        }
        Path out = Files.createTempFile(dir.getParent() == null ? dir : dir.getParent(), "out", ".txt");
        Path err = Files.createTempFile(dir.getParent() == null ? dir : dir.getParent(), "err", ".txt");
        Process p = pb.redirectOutput(out.toFile()).redirectError(err.toFile()).start();
        assertThat(p.waitFor(120, TimeUnit.SECONDS)).as("%s still running", List.of(command)).isTrue();
        Run r = new Run(p.exitValue(), Files.readString(out, StandardCharsets.UTF_8),
                Files.readString(err, StandardCharsets.UTF_8));
        Files.delete(out);
        Files.delete(err);
        return r;
    }
}

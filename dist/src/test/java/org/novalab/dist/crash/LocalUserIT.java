package org.novalab.dist.crash;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.novalab.api.testing.Api;
import org.novalab.dist.testing.NovalabProcess;

/**
 * Another local user gets nothing out of a running server's state dir: not its listing, not the database (file
 * or network), not the master key, not the database password. The server listens on its API port only: no H2 TCP
 * port for a local user to connect to as {@code sa}. As root, the attempts are made as {@code nobody}; otherwise
 * the modes that decide them are checked.
 */
@Tag("integration")
class LocalUserIT {
    private static final String ADMIN_PASSWORD = "local-user-admin-pw";
    @TempDir
    Path work;

    @Test
    void another_uid_can_neither_read_the_state_dir_nor_reach_the_database() throws Exception {
        // the parent lets everyone through, so what stops another user is novalab's own modes, nothing above them
        Files.setPosixFilePermissions(work, PosixFilePermissions.fromString("rwxr-xr-x"));
        Path state = work.resolve("state");
        NovalabProcess server = NovalabProcess.serve(state, ADMIN_PASSWORD, work.resolve("serve.log"));
        try {
            Api admin = Api.login(server.baseUrl(), "admin", ADMIN_PASSWORD, "demo");
            String id = admin.post("/v2.1/servers", new JsonObject().put("server", new JsonObject()
                    .put("name", "sealed").put("imageRef", "b5351923-136c-484a-a538-49f81bdf9497")
                    .put("flavorRef", "101").put("networks", "none"))).json().getJsonObject("server").getString("id");
            admin.awaitStatus(id, "ACTIVE");

            assertThat(listeningPorts(server.pid())).as("TCP ports the server listens on")
                    .containsExactly(server.port());
            assertThat(mode(state)).isEqualTo("rwx------");
            for (String secret : List.of("novalab-db.mv.db", "db.password", "master.key", "novalab.lock")) {
                assertThat(mode(state.resolve(secret))).as(secret).isEqualTo("rw-------");
            }
            if (!"root".equals(System.getProperty("user.name"))) {
                return; // the modes above are what another uid meets; only root can try as one
            }
            assertThat(asNobody("ls", state.toString())).as("listing the state dir")
                    .satisfies(r -> assertThat(r.exit()).isNotZero()).extracting(Result::output).asString()
                    .contains("Permission denied");
            // even where the state dir lets others pass (a real hypervisor's 0711), the files stay closed
            Files.setPosixFilePermissions(state, PosixFilePermissions.fromString("rwx--x--x"));
            for (String secret : List.of("novalab-db.mv.db", "db.password", "master.key")) {
                assertThat(asNobody("cat", state.resolve(secret).toString())).as("reading " + secret)
                        .satisfies(r -> assertThat(r.exit()).isNotZero()).extracting(Result::output).asString()
                        .contains("Permission denied");
            }
            Result shell = asNobody(javaH2Shell(state));
            assertThat(shell.exit()).as("opening the database with H2's shell: %s", shell.output()).isNotZero();
            assertThat(shell.output()).as("H2 ran and was refused the database, it did not fail to start")
                    .contains("AccessDeniedException").doesNotContain("ClassNotFoundException");
        } finally {
            server.close();
        }
    }

    /** The local ports of the listening TCP sockets the process holds, from /proc. */
    private static Set<Integer> listeningPorts(long pid) throws IOException {
        Set<String> inodes = new HashSet<>();
        try (Stream<Path> fds = Files.list(Path.of("/proc", Long.toString(pid), "fd"))) {
            for (Path fd : fds.toList()) {
                try {
                    Matcher m = Pattern.compile("socket:\\[(\\d+)]").matcher(Files.readSymbolicLink(fd).toString());
                    if (m.matches()) {
                        inodes.add(m.group(1));
                    }
                } catch (IOException closedMeanwhile) {
                    // a descriptor closed while listing
                }
            }
        }
        Set<Integer> ports = new HashSet<>();
        for (String table : List.of("/proc/net/tcp", "/proc/net/tcp6")) {
            List<String> lines = Files.readAllLines(Path.of(table));
            for (String line : lines.subList(1, lines.size())) {
                String[] f = line.trim().split("\\s+");
                if (f[3].equals("0A") && inodes.contains(f[9])) { // 0A: LISTEN
                    ports.add(Integer.parseInt(f[1].substring(f[1].indexOf(':') + 1), 16));
                }
            }
        }
        return ports;
    }

    /** H2's shell, from a copy of its jar another user can read, against the state dir's database. */
    private List<String> javaH2Shell(Path state) throws IOException {
        Path jar = List.of(System.getProperty("java.class.path").split(":")).stream()
                .filter(p -> p.contains("/com/h2database/")).findFirst().map(Path::of).orElseThrow();
        Path h2 = Files.copy(jar, work.resolve("h2.jar"));
        Files.setPosixFilePermissions(h2, PosixFilePermissions.fromString("rw-r--r--"));
        return List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-cp", h2.toString(),
                "org.h2.tools.Shell", "-url", "jdbc:h2:file:" + state.resolve("novalab-db") + ";IFEXISTS=TRUE",
                "-user", "sa", "-password", "", "-sql", "SELECT 1");
    }

    private static Result asNobody(String... command) throws Exception {
        return asNobody(List.of(command));
    }

    private static Result asNobody(List<String> command) throws Exception {
        List<String> cmd = new ArrayList<>(List.of("runuser", "-u", "nobody", "--"));
        cmd.addAll(command);
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String output = new String(p.getInputStream().readAllBytes());
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        return new Result(p.exitValue(), output);
    }

    private record Result(int exit, String output) {
    }

    private static String mode(Path p) throws IOException {
        return PosixFilePermissions.toString(Files.getPosixFilePermissions(p));
    }
}

package org.novalab.dist.startup;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.novalab.dist.testing.NovalabProcess;

/**
 * {@code novalab serve} that cannot start, as its own process: one line on stderr naming the option to change,
 * exit status 1, no stack trace, and nothing created in the state dir it was given.
 */
@Tag("integration")
class StartupErrorsIT {
    record Run(int status, String out, String err) {
    }

    @TempDir
    Path tmp;

    @Test
    void aBusyPortIsOneLineAndLeavesAFreshStateDirUnmade() throws Exception {
        Path fresh = tmp.resolve("fresh");
        Path empty = Files.createDirectory(tmp.resolve("empty"));
        try (ServerSocket taken = new ServerSocket()) {
            taken.setReuseAddress(true);
            taken.bind(new InetSocketAddress("0.0.0.0", 0));
            int port = taken.getLocalPort();
            for (Path state : List.of(fresh, empty)) {
                Run r = serve("--state", state.toString(), "--port", Integer.toString(port));
                assertThat(r.status()).isEqualTo(1);
                assertThat(r.err()).isEqualTo("novalab: port " + port + " is in use (--port / NOVALAB_PORT)\n");
                assertThat(r.out()).isEmpty();
            }
        }
        assertThat(fresh).doesNotExist();
        try (Stream<Path> left = Files.list(empty)) {
            assertThat(left).isEmpty();
        }
    }

    @Test
    void aStateDirThatCannotBeMadeIsOneLine() throws Exception {
        Path file = Files.writeString(tmp.resolve("a-file"), "not a directory");
        Run r = serve("--state", file.resolve("state").toString(), "--port", "0");
        assertThat(r.status()).isEqualTo(1);
        assertThat(r.err()).isEqualTo("novalab: state dir " + file.resolve("state") + " cannot be created: " + file
                + " is not a directory (--state / NOVALAB_STATE)\n");
        assertThat(Files.readString(file)).isEqualTo("not a directory");
    }

    @Test
    void anUnreachableDatabaseIsOneLineWithoutItsCredentials() throws Exception {
        int closed;
        try (ServerSocket probe = new ServerSocket(0)) {
            closed = probe.getLocalPort();
        }
        Path fresh = tmp.resolve("fresh");
        Run r = serve("--state", fresh.toString(), "--port", "0", "--db-url",
                "jdbc:postgresql://127.0.0.1:" + closed + "/novalab?user=nova&password=hunter2");
        assertThat(r.status()).isEqualTo(1);
        assertThat(r.err().lines()).hasSize(1).first().asString()
                .startsWith("novalab: database jdbc:postgresql://127.0.0.1:" + closed + "/novalab is unreachable: ")
                .endsWith("(--db-url / NOVALAB_DB_URL, NOVALAB_DB_USER, NOVALAB_DB_PASSWORD)");
        assertThat(r.err() + r.out()).doesNotContain("hunter2").doesNotContain("Exception").doesNotContain("\tat ");
        assertThat(fresh).doesNotExist();
    }

    private Run serve(String... args) throws Exception {
        String[] full = new String[args.length + 1];
        full[0] = "serve";
        System.arraycopy(args, 0, full, 1, args.length);
        Path out = tmp.resolve("out.txt");
        Path err = tmp.resolve("err.txt");
        Process p = new ProcessBuilder(NovalabProcess.command(full)).directory(tmp.toFile())
                .redirectOutput(out.toFile()).redirectError(err.toFile()).start();
        assertThat(p.waitFor(90, TimeUnit.SECONDS)).as("novalab serve should have given up").isTrue();
        Run r = new Run(p.exitValue(), Files.readString(out, StandardCharsets.UTF_8),
                Files.readString(err, StandardCharsets.UTF_8));
        Files.delete(out);
        Files.delete(err);
        return r;
    }
}

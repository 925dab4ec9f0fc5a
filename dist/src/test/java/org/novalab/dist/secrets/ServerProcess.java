package org.novalab.dist.secrets;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.novalab.testing.HeapDump;

/**
 * {@code novalab serve} as its own JVM (this build's classes, the default hypervisor {@code test:///default}), the
 * process a user runs; heap dumps of it are taken with the JDK's {@code jcmd}, as an operator would.
 */
final class ServerProcess implements AutoCloseable {
    private static final Pattern LISTENING = Pattern.compile("novalab serving on (http://127\\.0\\.0\\.1:\\d+)");
    private static final Path JAVA_BIN = Path.of(System.getProperty("java.home"), "bin");

    private final Process process;
    private final Path log;
    private final String baseUrl;

    private ServerProcess(Process process, Path log, String baseUrl) {
        this.process = process;
        this.log = log;
        this.baseUrl = baseUrl;
    }

    static ServerProcess start(Path state, String adminPassword, Path log) throws Exception {
        // a bounded heap keeps the dumps small; C1 alone starts a seconds-long server faster on a busy machine
        Process p = new ProcessBuilder(JAVA_BIN.resolve("java").toString(), "-Xmx512m", "-XX:TieredStopAtLevel=1", "-cp",
                System.getProperty("java.class.path"), "org.novalab.cli.Main", "serve", "--state", state.toString(),
                "--port", "0", "--admin-password", adminPassword)
                .redirectErrorStream(true).redirectOutput(log.toFile()).start();
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (System.nanoTime() < deadline) {
            assertThat(p.isAlive()).as("the server exited:%n%s", tail(log)).isTrue();
            Matcher m = LISTENING.matcher(Files.readString(log));
            if (m.find()) {
                return new ServerProcess(p, log, m.group(1));
            }
            Thread.sleep(100);
        }
        p.destroyForcibly();
        throw new AssertionError("the server never said where it listens:\n" + tail(log));
    }

    String baseUrl() {
        return baseUrl;
    }

    /** {@code jcmd PID GC.heap_dump [-all] FILE}: live objects after a full collection, or every object. */
    HeapDump heapDump(Path file, HeapDump.Reach reach) throws Exception {
        Path jcmd = JAVA_BIN.resolve("jcmd");
        assertThat(jcmd).as("jcmd comes with the JDK (apt-get install openjdk-17-jdk-headless)").isExecutable();
        List<String> command = reach == HeapDump.Reach.ALL
                ? List.of(jcmd.toString(), Long.toString(process.pid()), "GC.heap_dump", "-all", file.toString())
                : List.of(jcmd.toString(), Long.toString(process.pid()), "GC.heap_dump", file.toString());
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes());
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).as(out).isZero();
        assertThat(file).as(out).exists();
        return HeapDump.of(file);
    }

    String logTail() throws IOException {
        return tail(log);
    }

    /** SIGTERM, as a user stops it: the server closes its database, so the test can open it. */
    @Override
    public void close() throws InterruptedException {
        process.destroy();
        if (!process.waitFor(30, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            process.waitFor(10, TimeUnit.SECONDS);
        }
    }

    private static String tail(Path log) throws IOException {
        List<String> lines = Files.readAllLines(log);
        return String.join("\n", lines.subList(Math.max(0, lines.size() - 40), lines.size()));
    }
}

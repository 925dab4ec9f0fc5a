package org.novalab.dist.testing;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.novalab.testing.HeapDump;

/**
 * {@code novalab serve} as a JVM of its own on this build's classes, the process a user runs (default hypervisor
 * {@code test:///default}): started on a state dir, stopped with SIGTERM as a user stops it, killed with SIGKILL as
 * a power cut or the OOM killer does, started again on the same state dir, heap-dumped with the JDK's {@code jcmd}
 * as an operator would. Every start appends to one log.
 */
public final class NovalabProcess implements AutoCloseable {
    private static final Pattern LISTENING = Pattern.compile("novalab serving on (http://127\\.0\\.0\\.1:\\d+)");
    private static final Path JAVA_BIN = Path.of(System.getProperty("java.home"), "bin");

    private final Process process;
    private final Path log;
    private final String baseUrl;

    private NovalabProcess(Process process, Path log, String baseUrl) {
        this.process = process;
        this.log = log;
        this.baseUrl = baseUrl;
    }

    /** Starts {@code novalab serve} on a free port and returns once it says where it listens. */
    public static NovalabProcess serve(Path state, String adminPassword, Path log) throws Exception {
        long logStart = Files.exists(log) ? Files.size(log) : 0;
        Process p = new ProcessBuilder(command("serve", "--state", state.toString(), "--port", "0",
                "--admin-password", adminPassword))
                .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile())).start();
        long deadline = System.nanoTime() + Duration.ofSeconds(90).toNanos();
        while (System.nanoTime() < deadline) {
            assertThat(p.isAlive()).as("novalab serve exited:%n%s", tail(log)).isTrue();
            Matcher m = LISTENING.matcher(since(log, logStart));
            if (m.find()) {
                return new NovalabProcess(p, log, m.group(1));
            }
            Thread.sleep(50);
        }
        String threads = threadDump(p.pid());
        p.destroyForcibly();
        throw new AssertionError("novalab serve never said where it listens:\n" + tail(log)
                + "\nits threads when given up on:\n" + threads);
    }

    /**
     * {@code java -cp <this build> org.novalab.cli.Main ARGS}, the command {@code scripts/novalab} runs: a bounded
     * heap keeps dumps small, and the quick JIT alone starts a seconds-long process faster on a busy machine.
     */
    public static List<String> command(String... args) {
        List<String> cmd = new ArrayList<>(List.of(JAVA_BIN.resolve("java").toString(), "-Xmx512m",
                "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC", "-cp", System.getProperty("java.class.path"),
                "org.novalab.cli.Main"));
        cmd.addAll(List.of(args));
        return cmd;
    }

    public String baseUrl() {
        return baseUrl;
    }

    public int port() {
        return Integer.parseInt(baseUrl.substring(baseUrl.lastIndexOf(':') + 1));
    }

    public long pid() {
        return process.pid();
    }

    /** SIGKILL: no shutdown hook, no flush, no close; returns once the process is gone. */
    public void kill() throws InterruptedException {
        process.destroyForcibly();
        if (!process.waitFor(30, TimeUnit.SECONDS)) {
            throw new AssertionError("novalab serve (pid " + pid() + ") survived SIGKILL for 30 s");
        }
    }

    /** {@code jcmd PID GC.heap_dump [-all] FILE}: live objects after a full collection, or every object. */
    public HeapDump heapDump(Path file, HeapDump.Reach reach) throws Exception {
        Path jcmd = JAVA_BIN.resolve("jcmd");
        assertThat(jcmd).as("jcmd comes with the JDK (apt-get install openjdk-17-jdk-headless)").isExecutable();
        List<String> cmd = new ArrayList<>(List.of(jcmd.toString(), Long.toString(pid()), "GC.heap_dump"));
        if (reach == HeapDump.Reach.ALL) {
            cmd.add("-all");
        }
        cmd.add(file.toString());
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).as(out).isZero();
        assertThat(file).as(out).exists();
        return HeapDump.of(file);
    }

    /** {@code jcmd PID Thread.print}: where this process is stuck when it does not answer. */
    public String threadDump() {
        return threadDump(pid());
    }

    /** {@code jcmd PID Thread.print}: where a process that does not come up or answer is stuck. */
    private static String threadDump(long pid) {
        try {
            Process p = new ProcessBuilder(JAVA_BIN.resolve("jcmd").toString(), Long.toString(pid), "Thread.print")
                    .redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            p.waitFor(30, TimeUnit.SECONDS);
            return out;
        } catch (IOException | InterruptedException e) {
            return "(no thread dump: " + e + ")";
        }
    }

    public String logTail() {
        try {
            return tail(log);
        } catch (IOException e) {
            return "(no log: " + e + ")";
        }
    }

    /** SIGTERM, as a user stops it: the server closes its database, so a test can open it. */
    @Override
    public void close() throws InterruptedException {
        process.destroy();
        if (!process.waitFor(30, TimeUnit.SECONDS)) {
            kill();
        }
    }

    private static String since(Path log, long offset) throws IOException {
        byte[] all = Files.readAllBytes(log);
        return new String(all, (int) Math.min(offset, all.length), (int) Math.max(0, all.length - offset),
                StandardCharsets.UTF_8);
    }

    private static String tail(Path log) throws IOException {
        List<String> lines = Files.readAllLines(log);
        return String.join("\n", lines.subList(Math.max(0, lines.size() - 40), lines.size()));
    }
}

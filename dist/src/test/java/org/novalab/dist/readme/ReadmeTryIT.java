package org.novalab.dist.readme;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * README's "What else to try", as written: its command blocks are read from README.md and run line by line in a
 * temp dir (not the checkout) with the packaged novalab (the tarball's bin/novalab) standing in for
 * {@code scripts/novalab}. The second block runs where a {@code novalab serve} has made its state dir, up to the
 * line that says the rest needs a server booted from a volume. Runs in the package phase (dist/pom.xml).
 */
@Tag("integration")
class ReadmeTryIT {
    private static final String SECTION = "## What else to try";
    private static final String NEEDS_MORE = "need a server booted from a volume";

    record Run(String line, int status, String out) {
    }

    @TempDir
    Path tmp;
    Path launcher;
    Map<String, String> env;

    @BeforeEach
    void unpack() throws Exception {
        Assumptions.assumeTrue(System.getProperty("novalab.tarball") != null,
                "runs in the package phase (dist/pom.xml, execution distribution-tests)");
        Path opt = Files.createDirectories(tmp.resolve("opt"));
        Process tar = new ProcessBuilder("tar", "xzf", System.getProperty("novalab.tarball")).directory(opt.toFile())
                .inheritIO().start();
        assertThat(tar.waitFor()).isZero();
        launcher = opt.resolve("novalab-" + System.getProperty("novalab.version")).resolve("bin/novalab");
        env = Map.of("PATH", Path.of(System.getProperty("java.home"), "bin") + ":/usr/bin:/bin",
                "HOME", tmp.toString(), "NOVALAB_JAVA_OPTS", "-XX:TieredStopAtLevel=1 -XX:+UseSerialGC");
    }

    @Test
    void theFirstBlockRunsAsWrittenInAnEmptyDirectory() throws Exception {
        List<String> block = blocks().get(0);
        Path work = Files.createDirectories(tmp.resolve("work"));
        List<Run> runs = new ArrayList<>();
        for (String line : block) {
            runs.add(run(work, line));
        }
        runs.forEach(r -> assertThat(r.status()).as("%s:%n%s", r.line(), r.out()).isZero());
        assertThat(output(runs, "lab backing-vs-convert")).contains("14 of 14 observations match their expectations");
        assertThat(Files.size(work.resolve("base.raw"))).isEqualTo(41126400L);
        assertThat(output(runs, "img info x.qcow2")).startsWith("image: x.qcow2\nfile format: qcow2\n")
                .contains("encrypted: yes\n", "backing file: base.raw\n");
        assertThat(output(runs, "img map base.raw")).isEqualTo(
                "Offset          Length          Mapped to       File\n"
                        + "0               0x2738a00       0               base.raw\n");
        assertThat(output(runs, "img convert -p")).startsWith("    (0.00/100%)\r").endsWith("(100.00/100%)\r\n");
        assertThat(work.resolve("base.qcow2")).isRegularFile();
    }

    @Test
    void theSecondBlockRunsWhereTheServerKeepsItsState() throws Exception {
        List<String> block = blocks().get(1);
        Path work = Files.createDirectories(tmp.resolve("served"));
        Path log = tmp.resolve("serve.log");
        Process serve = new ProcessBuilder(launcher.toString(), "serve", "--port", "0", "--admin-password",
                "readme-test-pw").directory(work.toFile()).redirectErrorStream(true)
                .redirectOutput(log.toFile()).start();
        try {
            long deadline = System.nanoTime() + Duration.ofSeconds(120).toNanos();
            while (!Files.readString(log).contains("novalab serving on")) {
                assertThat(serve.isAlive()).as(Files.readString(log)).isTrue();
                assertThat(System.nanoTime()).as("serve never came up:%n%s", Files.readString(log)).isLessThan(deadline);
                Thread.sleep(100);
            }
            List<Run> runs = new ArrayList<>();
            for (String line : block) {
                runs.add(run(work, line));
            }
            runs.forEach(r -> assertThat(r.status()).as("%s:%n%s", r.line(), r.out()).isZero());
            assertThat(output(runs, "rados -p images ls")).contains("rbd_data.", "rbd_header.",
                    "rbd_id.b5351923-136c-484a-a538-49f81bdf9497", "rbd_directory");
            assertThat(output(runs, "rbd snap ls")).contains("snap");
        } finally {
            serve.destroy();
            if (!serve.waitFor(60, TimeUnit.SECONDS)) {
                serve.destroyForcibly();
            }
        }
    }

    /** The sh blocks of the section, continuation lines joined, comments and the lines the block skips left out. */
    static List<List<String>> blocks() throws IOException {
        String readme = Files.readString(Path.of("..", "README.md"));
        int start = readme.indexOf(SECTION);
        assertThat(start).as("README has a section %s", SECTION).isNotNegative();
        int end = readme.indexOf("\n## ", start + SECTION.length());
        String section = readme.substring(start, end < 0 ? readme.length() : end);
        List<List<String>> blocks = new ArrayList<>();
        int open = section.indexOf("```sh\n");
        while (open >= 0) {
            int body = open + "```sh\n".length();
            int close = section.indexOf("```", body);
            blocks.add(commands(section.substring(body, close)));
            open = section.indexOf("```sh\n", close + 3);
        }
        assertThat(blocks).hasSize(2);
        return blocks;
    }

    private static List<String> commands(String block) {
        List<String> out = new ArrayList<>();
        StringBuilder pending = new StringBuilder();
        for (String raw : block.split("\n")) {
            String line = raw.strip();
            if (line.startsWith("#")) {
                if (line.contains(NEEDS_MORE)) {
                    break;
                }
                continue;
            }
            if (line.endsWith("\\")) {
                pending.append(line, 0, line.length() - 1).append(' ');
                continue;
            }
            pending.append(line);
            String command = pending.toString().replaceFirst("\\s+#.*$", "").strip();
            pending.setLength(0);
            if (!command.isEmpty()) {
                assertThat(command).as("every line runs the checkout's novalab").startsWith("scripts/novalab ");
                out.add(command);
            }
        }
        return out;
    }

    private Run run(Path dir, String line) throws Exception {
        String command = launcher + line.substring("scripts/novalab".length());
        ProcessBuilder pb = new ProcessBuilder("/bin/bash", "-c", command).directory(dir.toFile())
                .redirectErrorStream(true);
        pb.environment().clear();
        pb.environment().putAll(env);
        Process p = pb.start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(300, TimeUnit.SECONDS)).as("%s still running", line).isTrue();
        return new Run(line, p.exitValue(), out);
    }

    private static String output(List<Run> runs, String fragment) {
        return runs.stream().filter(r -> r.line().contains(fragment)).findFirst().map(Run::out)
                .orElseThrow(() -> new AssertionError("README's block has no line with " + fragment));
    }
}

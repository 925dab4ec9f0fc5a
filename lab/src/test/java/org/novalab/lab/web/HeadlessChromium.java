package org.novalab.lab.web;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.novalab.testing.RealTools;

/**
 * Debian's {@code chromium} run headless, as the UI tests need it: load a page, let its scripts run for a virtual
 * time budget, and hand back the rendered DOM or a screenshot. Every run gets a fresh profile directory, removed
 * afterwards. Chromium missing is a test failure (scripts/test installs it), never a silent pass.
 */
final class HeadlessChromium {
    private static final long TIMEOUT_SECONDS = 180;
    private final Path binary = RealTools.require("chromium", "chromium");

    /** The DOM after the page's scripts ran for {@code budgetMillis} of virtual time. */
    String dumpDom(String url, int budgetMillis) throws IOException, InterruptedException {
        return run(url, budgetMillis, List.of("--dump-dom"));
    }

    /** Saves a PNG of the page, {@code width} x {@code height} pixels. */
    void screenshot(String url, int budgetMillis, Path png, int width, int height)
            throws IOException, InterruptedException {
        Files.createDirectories(png.toAbsolutePath().getParent());
        Files.deleteIfExists(png);
        run(url, budgetMillis, List.of("--screenshot=" + png.toAbsolutePath(), "--window-size=" + width + "," + height,
                "--hide-scrollbars"));
        if (!Files.isRegularFile(png) || Files.size(png) == 0) {
            throw new IOException("chromium wrote no screenshot to " + png);
        }
    }

    private String run(String url, int budgetMillis, List<String> extra) throws IOException, InterruptedException {
        Path profile = Files.createTempDirectory("novalab-chromium-");
        Path out = profile.resolve("stdout");
        Path err = profile.resolve("stderr");
        try {
            List<String> cmd = new ArrayList<>(List.of(binary.toString(), "--headless", "--no-sandbox", "--disable-gpu",
                    "--no-first-run", "--disable-background-networking", "--disable-component-update",
                    "--disable-sync", "--disable-quic", "--user-data-dir=" + profile.resolve("profile"),
                    "--virtual-time-budget=" + budgetMillis));
            cmd.addAll(extra);
            cmd.add(url);
            Process p = new ProcessBuilder(cmd).redirectOutput(out.toFile()).redirectError(err.toFile()).start();
            if (!p.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
                p.destroyForcibly().waitFor();
                throw new IOException("chromium did not finish within " + TIMEOUT_SECONDS + " s; stderr: " + tail(err));
            }
            if (p.exitValue() != 0) {
                throw new IOException("chromium exited with " + p.exitValue() + ": " + tail(err));
            }
            return Files.readString(out, StandardCharsets.UTF_8);
        } finally {
            deleteTree(profile);
        }
    }

    private static String tail(Path file) throws IOException {
        String s = Files.exists(file) ? Files.readString(file, StandardCharsets.UTF_8) : "";
        return s.length() > 2000 ? s.substring(s.length() - 2000) : s;
    }

    private static void deleteTree(Path dir) throws IOException {
        try (Stream<Path> walk = Files.walk(dir)) {
            for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }
}

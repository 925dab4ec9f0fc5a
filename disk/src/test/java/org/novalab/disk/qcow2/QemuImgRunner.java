package org.novalab.disk.qcow2;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.novalab.testing.RealTools;

/** Runs the real qemu-img / qemu-io in a directory; LUKS creation is retried (qemu's flaky PBKDF2 benchmark). */
final class QemuImgRunner {
    record Result(int status, String out, String err) {
    }

    private final Path dir;

    QemuImgRunner(Path dir) {
        this.dir = dir;
        RealTools.require("qemu-img", "qemu-utils");
        RealTools.require("qemu-io", "qemu-utils");
    }

    Result run(String... command) {
        try {
            ProcessBuilder pb = new ProcessBuilder(command).directory(dir.toFile());
            Process p = pb.start();
            byte[] out = p.getInputStream().readAllBytes();
            byte[] err = p.getErrorStream().readAllBytes();
            assertThat(p.waitFor(120, TimeUnit.SECONDS)).isTrue();
            return new Result(p.exitValue(), new String(out, StandardCharsets.UTF_8),
                    new String(err, StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** Runs and insists on success. */
    String ok(String... command) {
        Result r = run(command);
        assertThat(r.status()).as("%s failed: %s", String.join(" ", command), r.err()).isZero();
        return r.out();
    }

    /** qemu-img with up to 5 tries on "Unable to get accurate CPU usage". */
    String okRetrying(String... command) {
        Result r = null;
        for (int i = 0; i < 5; i++) {
            r = run(command);
            if (r.status() == 0 || !r.err().contains("Unable to get accurate CPU usage")) {
                break;
            }
        }
        assertThat(r.status()).as("%s failed: %s", String.join(" ", command), r.err()).isZero();
        return r.out();
    }

    static String[] cmd(String first, String... rest) {
        List<String> all = new ArrayList<>();
        all.add(first);
        all.addAll(List.of(rest));
        return all.toArray(String[]::new);
    }
}

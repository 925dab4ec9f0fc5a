package org.novalab.disk.crypto;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.novalab.testing.RealTools;

/** Runs qemu-img / qemu-io for the crypto interop tests; LUKS creation is retried on QEMU's flaky CPU clock check. */
final class QemuTools {
    private QemuTools() {
    }

    record Result(int exitCode, String output) {
    }

    static Result run(String... command) throws IOException, InterruptedException {
        List<String> args = new ArrayList<>(List.of(command));
        args.set(0, RealTools.require(command[0], "qemu-utils").toString());
        Process process = new ProcessBuilder(args).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor(120, TimeUnit.SECONDS)).as("%s finished", command[0]).isTrue();
        return new Result(process.exitValue(), output);
    }

    /** Runs a command that must succeed; retries when QEMU's PBKDF2 benchmark trips over the coarse CPU clock. */
    static String succeed(String... command) throws IOException, InterruptedException {
        Result result = null;
        for (int attempt = 0; attempt < 6; attempt++) {
            result = run(command);
            if (result.exitCode() == 0 || !result.output().contains("Unable to get accurate CPU usage")) {
                break;
            }
        }
        assertThat(result.exitCode()).as("%s failed: %s", String.join(" ", command), result.output()).isZero();
        return result.output();
    }
}

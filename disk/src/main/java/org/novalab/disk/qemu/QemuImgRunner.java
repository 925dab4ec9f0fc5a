package org.novalab.disk.qemu;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;
import java.util.function.UnaryOperator;
import org.novalab.disk.DiskException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Starts one qemu-img process, collects its output and exit code. Knows nothing of images or secrets. */
final class QemuImgRunner {
    private static final Logger LOG = LoggerFactory.getLogger(QemuImgRunner.class);

    private final Consumer<QemuImgCommand> listener;

    QemuImgRunner(Consumer<QemuImgCommand> listener) {
        this.listener = listener;
    }

    /**
     * Runs {@code command}; {@code scrub} removes secrets from stderr before anyone sees it. Never throws for a
     * non-zero exit: the caller decides which exit codes carry an answer (check exits 2 and 3 with JSON).
     */
    QemuImgResult run(QemuImgCommand command, UnaryOperator<String> scrub) {
        listener.accept(command);
        LOG.debug("running {}", command);
        ProcessBuilder builder = new ProcessBuilder(command.argv())
                .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")));
        // stable, parseable messages whatever the user's locale
        builder.environment().put("LC_ALL", "C");
        try {
            Process process = builder.start();
            CompletableFuture<String> stderr = CompletableFuture.supplyAsync(() -> readAll(process.getErrorStream()));
            String stdout = readAll(process.getInputStream());
            int exit = process.waitFor();
            return new QemuImgResult(exit, stdout, scrub.apply(stderr.join()));
        } catch (IOException e) {
            throw new DiskException("cannot run " + command.binary() + ": " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new DiskException("interrupted while qemu-img " + command.subcommand() + " ran", e);
        }
    }

    private static String readAll(InputStream in) {
        try (in) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}

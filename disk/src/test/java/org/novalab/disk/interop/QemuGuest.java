package org.novalab.disk.interop;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.novalab.disk.ImageFormat;
import org.novalab.disk.Passphrase;
import org.novalab.disk.qemu.ImageOpts;
import org.novalab.disk.qemu.KeyFile;
import org.novalab.disk.qemu.SecretObject;
import org.novalab.testing.RealTools;

/** Guest writes done by QEMU's block layer: {@code qemu-io} for the edits, {@code qemu-img convert -n} to fill. */
final class QemuGuest implements GuestWriter {
    private final Path qemuIo = RealTools.require("qemu-io", "qemu-utils");
    private final Path qemuImg = RealTools.require("qemu-img", "qemu-utils");

    @Override
    public void applyEdits(Path image, Passphrase passphrase) {
        try (KeyFile key = passphrase == null ? null : KeyFile.write(KeyFile.defaultBase(), passphrase)) {
            List<String> argv = new ArrayList<>(List.of(qemuIo.toString()));
            argv.addAll(secretFlags(key));
            argv.add("--image-opts");
            argv.add(opts(image, key));
            argv.addAll(GuestEdits.qemuIoCommands());
            run(argv);
        }
    }

    @Override
    public void fill(Path image, Passphrase passphrase, Path source) {
        try (KeyFile key = passphrase == null ? null : KeyFile.write(KeyFile.defaultBase(), passphrase)) {
            List<String> argv = new ArrayList<>(List.of(qemuImg.toString(), "convert", "-n"));
            argv.addAll(secretFlags(key));
            argv.addAll(List.of("-f", "raw", source.toString(), "--target-image-opts", opts(image, key)));
            run(argv);
        }
    }

    private static List<String> secretFlags(KeyFile key) {
        return key == null ? List.of() : new SecretObject("sec0", key.path()).flags();
    }

    private static String opts(Path image, KeyFile key) {
        return new ImageOpts(ImageFormat.QCOW2, image, key == null ? List.of() : List.of("sec0")).render();
    }

    private static void run(List<String> argv) {
        try {
            Process process = new ProcessBuilder(argv).redirectErrorStream(true).start();
            String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertThat(process.waitFor()).as("%s\n%s", String.join(" ", argv), output).isZero();
            assertThat(output).as("qemu-io reports errors on stdout").doesNotContain("error", "failed");
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}

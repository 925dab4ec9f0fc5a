package org.novalab.disk.qemu;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.novalab.disk.CreateOptions;
import org.novalab.disk.EncryptionSpec;
import org.novalab.disk.LuksParams;
import org.novalab.disk.Passphrase;
import org.novalab.disk.PassphraseRequired;

/**
 * How QemuImgTool handles qemu-img's failures, driven by small shell scripts standing in for qemu-img so the
 * rare failures happen on demand: the LUKS calibration failure is retried, other failures are not, and
 * nothing secret or half-written is left behind.
 */
class QemuImgToolFailureTest {
    private static final String SECRET = "s3cret-passphrase";
    private static final String CPU_FAILURE = "qemu-img: x.qcow2: Unable to get accurate CPU usage";

    @TempDir
    Path dir;
    @TempDir
    Path keyBase;

    private Path fakeQemuImg(String body) throws IOException {
        Path script = dir.resolve("qemu-img");
        Files.writeString(script, "#!/bin/sh\nstate=\"" + dir + "/runs\"\n"
                + "runs=$(cat \"$state\" 2>/dev/null || echo 0); runs=$((runs+1)); echo $runs > \"$state\"\n"
                + body + "\n");
        Files.setPosixFilePermissions(script, PosixFilePermissions.fromString("rwx------"));
        return script;
    }

    /** Succeeds like qemu-img create: writes the file it was asked to write (the temporary name, .NAME.tmp-*). */
    private static final String CREATE_THE_TARGET =
            "for a in \"$@\"; do case \"$a\" in *.tmp-*) echo QFI > \"$a\";; esac; done; exit 0";

    private int runs() throws IOException {
        return Integer.parseInt(Files.readString(dir.resolve("runs")).strip());
    }

    private static CreateOptions luks(Passphrase pass) {
        return CreateOptions.qcow2(1 << 20).withEncryption(EncryptionSpec.luks(pass, LuksParams.withIterations(1000)));
    }

    @Test
    void theLuksCalibrationFailureIsRetriedUntilQemuImgSucceeds() throws IOException {
        Path qemu = fakeQemuImg("if [ $runs -le 2 ]; then echo '" + CPU_FAILURE + "' >&2; exit 1; fi\n"
                + CREATE_THE_TARGET);
        Path image = dir.resolve("disk.qcow2");

        try (Passphrase pass = Passphrase.of(SECRET)) {
            new QemuImgTool(qemu, keyBase, c -> { }).create(image, luks(pass));
        }

        assertThat(runs()).isEqualTo(3);
        assertThat(image).hasContent("QFI");
        assertKeyBaseEmpty();
    }

    @Test
    void theCalibrationFailureIsRetriedABoundedNumberOfTimes() throws IOException {
        Path qemu = fakeQemuImg("echo '" + CPU_FAILURE + "' >&2; exit 1");
        Path image = dir.resolve("disk.qcow2");

        try (Passphrase pass = Passphrase.of(SECRET)) {
            assertThatThrownBy(() -> new QemuImgTool(qemu, keyBase, c -> { }).create(image, luks(pass)))
                    .isInstanceOf(QemuImgFailed.class)
                    .hasMessageContaining("Unable to get accurate CPU usage");
        }

        assertThat(runs()).isEqualTo(1 + QemuImgTool.CPU_USAGE_RETRIES);
        assertThat(image).doesNotExist();
        assertKeyBaseEmpty();
    }

    @Test
    void otherFailuresAreNotRetriedAndLeaveNoFileUnderTheFinalName() throws IOException {
        Path qemu = fakeQemuImg("for a in \"$@\"; do case \"$a\" in *.tmp-*) echo partial > \"$a\";; esac; done\n"
                + "echo 'qemu-img: disk.qcow2: No space left on device' >&2; exit 1");
        Path image = dir.resolve("disk.qcow2");

        try (Passphrase pass = Passphrase.of(SECRET)) {
            assertThatThrownBy(() -> new QemuImgTool(qemu, keyBase, c -> { }).create(image, luks(pass)))
                    .isInstanceOf(QemuImgFailed.class)
                    .hasMessage("qemu-img create failed (exit 1): qemu-img: disk.qcow2: No space left on device");
        }

        assertThat(runs()).isEqualTo(1);
        try (var files = Files.list(dir)) {
            assertThat(files.map(p -> p.getFileName().toString())).containsExactlyInAnyOrder("qemu-img", "runs");
        }
        assertKeyBaseEmpty();
    }

    @Test
    void aKeyEchoedByTheToolNeverReachesTheExceptionMessage() throws IOException {
        Path qemu = fakeQemuImg("for a in \"$@\"; do case \"$a\" in secret,*) f=${a#*file=}; f=${f%,format=raw};"
                + " echo \"qemu-img: bad secret '$(cat \"$f\")'\" >&2;; esac; done; exit 1");

        try (Passphrase pass = Passphrase.of(SECRET)) {
            assertThatThrownBy(() -> new QemuImgTool(qemu, keyBase, c -> { })
                    .create(dir.resolve("disk.qcow2"), luks(pass)))
                    .isInstanceOf(QemuImgFailed.class)
                    .hasMessageContaining("bad secret '****'")
                    .hasMessageNotContaining(SECRET);
        }
        assertKeyBaseEmpty();
    }

    @Test
    void anEncryptedCreateWithoutAPassphraseFailsBeforeQemuImgRuns() throws IOException {
        Path qemu = fakeQemuImg(CREATE_THE_TARGET);
        Path image = dir.resolve("disk.qcow2");

        assertThatThrownBy(() -> new QemuImgTool(qemu, keyBase, c -> { })
                .create(image, CreateOptions.qcow2(1 << 20).withEncryption(EncryptionSpec.aes(null))))
                .isInstanceOf(PassphraseRequired.class);

        assertThat(dir.resolve("runs")).doesNotExist();
        assertThat(image).doesNotExist();
    }

    private void assertKeyBaseEmpty() throws IOException {
        try (var left = Files.list(keyBase)) {
            assertThat(left).isEmpty();
        }
    }
}

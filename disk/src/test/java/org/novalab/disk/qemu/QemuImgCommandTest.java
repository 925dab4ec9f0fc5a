package org.novalab.disk.qemu;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.novalab.disk.CreateOptions;
import org.novalab.disk.EncryptionSpec;
import org.novalab.disk.ImageFormat;
import org.novalab.disk.LuksParams;
import org.novalab.disk.Passphrase;

class QemuImgCommandTest {
    @TempDir
    Path base;

    @Test
    void aSecretObjectNamesAKeyFileAndNeverCarriesData() {
        SecretObject secret = new SecretObject("sec0", Path.of("/dev/shm/novalab-key-1/key"));

        assertThat(secret.flags())
                .containsExactly("--object", "secret,id=sec0,file=/dev/shm/novalab-key-1/key,format=raw");
        assertThat(secret.render()).doesNotContain("data=");
    }

    @Test
    void commasInFileNamesAreDoubledSoTheyCannotInjectOptions() {
        SecretObject secret = new SecretObject("sec0", Path.of("/tmp/a,data=x/key"));
        ImageOpts opts = ImageOpts.plain(ImageFormat.QCOW2, Path.of("/tmp/disk,backing.driver=raw"));

        assertThat(secret.render()).isEqualTo("secret,id=sec0,file=/tmp/a,,data=x/key,format=raw");
        assertThat(opts.render()).isEqualTo("driver=qcow2,file.filename=/tmp/disk,,backing.driver=raw");
    }

    @Test
    void secretIdsCannotSmuggleOptions() {
        assertThatThrownBy(() -> new SecretObject("sec0,data=hunter2", Path.of("/k")))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void imageOptsGiveEachEncryptedLayerOfAChainItsOwnSecret() {
        ImageOpts opts = new ImageOpts(ImageFormat.QCOW2, Path.of("overlay.qcow2"),
                Arrays.asList("sec0", null, "sec1"));

        assertThat(opts.hasSecrets()).isTrue();
        assertThat(opts.render()).isEqualTo("driver=qcow2,file.filename=overlay.qcow2,encrypt.key-secret=sec0,"
                + "backing.backing.encrypt.key-secret=sec1");
    }

    @Test
    void aRawLuksContainerTakesItsSecretAsKeySecret() {
        ImageOpts opts = new ImageOpts(ImageFormat.LUKS, Path.of("disk.luks"), List.of("sec0"));

        assertThat(opts.render()).isEqualTo("driver=luks,file.filename=disk.luks,key-secret=sec0");
    }

    @Test
    void luksCreateOptionsAreRenderedInAFixedOrderWithTheSecretById() {
        try (Passphrase pass = Passphrase.of("hunter2")) {
            CreateOptions options = CreateOptions.qcow2(1 << 30).withClusterSize(512)
                    .withEncryption(EncryptionSpec.luks(pass, new LuksParams(256, "sha256", null, 100)));

            assertThat(QemuImgTool.outputOptions(options, "sec0")).isEqualTo("cluster_size=512,encrypt.format=luks,"
                    + "encrypt.key-secret=sec0,encrypt.cipher-alg=aes-128,encrypt.cipher-mode=xts,"
                    + "encrypt.hash-alg=sha256,encrypt.iter-time=100");
        }
    }

    @Test
    void anExplicitIterationCountBecomesTheCheapestCalibrationBecauseQemuImg72HasNoCountOption() {
        try (Passphrase pass = Passphrase.of("hunter2")) {
            CreateOptions options = CreateOptions.qcow2(1 << 20)
                    .withEncryption(EncryptionSpec.luks(pass, LuksParams.withIterations(2000)));

            assertThat(QemuImgTool.outputOptions(options, "sec0"))
                    .endsWith("encrypt.iter-time=" + QemuImgTool.ITER_TIME_FOR_EXPLICIT_ITERATIONS_MS);
        }
    }

    @Test
    void theRenderedCommandIsDeterministicAndShellQuoted() {
        QemuImgCommand command = QemuImgCommand.builder(Path.of("/usr/bin/qemu-img"), "info")
                .flag("--force-share").argument("my disk.qcow2").build();

        assertThat(command.argv()).containsExactly("/usr/bin/qemu-img", "info", "--force-share", "my disk.qcow2");
        assertThat(command).hasToString("/usr/bin/qemu-img info --force-share 'my disk.qcow2'");
    }

    @Test
    void aKeyFileIsPrivateWhileOpenAndGoneWithItsDirectoryAfterClose() throws Exception {
        Path file;
        try (Passphrase pass = Passphrase.of("hunter2"); KeyFile key = KeyFile.write(base, pass)) {
            file = key.path();
            assertThat(Files.readString(file)).isEqualTo("hunter2");
            assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file))).isEqualTo("rw-------");
            assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file.getParent())))
                    .isEqualTo("rwx------");
            assertThat(key.scrub("error near hunter2!")).isEqualTo("error near ****!");
        }
        assertThat(file).doesNotExist();
        try (var left = Files.list(base)) {
            assertThat(left).isEmpty();
        }
    }
}

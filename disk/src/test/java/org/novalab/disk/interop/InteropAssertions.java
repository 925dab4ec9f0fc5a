package org.novalab.disk.interop;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import org.novalab.disk.Disks;
import org.novalab.disk.EncryptionFormat;
import org.novalab.disk.InvalidPassphrase;
import org.novalab.disk.KeyLookup;
import org.novalab.disk.Passphrase;
import org.novalab.disk.info.InfoPrinter;
import org.novalab.disk.qemu.QemuImgTool;
import org.novalab.fixture.FixtureGuest;

/** The checks both directions of the matrix share. */
final class InteropAssertions {
    static final String PASSPHRASE = "interop matrix passphrase";
    static final String WRONG_PASSPHRASE = "not the passphrase";

    private InteropAssertions() {
    }

    /** novalab's {@code img info} text for every file equals the real qemu-img's, line for line. */
    static void assertInfoTextMatches(MatrixSide.Made made, QemuImgTool qemu) {
        for (Path file : made.qcow2Files()) {
            assertThat(InfoPrinter.text(Disks.java().info(file))).as("novalab img info %s", file)
                    .isEqualTo(qemu.infoText(file));
        }
    }

    /** novalab decrypts every guest byte through the chain exactly as the expected raw file holds them. */
    static void assertNovalabReadsExpectedBytes(MatrixSide.Made made, KeyLookup keys) {
        byte[] actual = NovalabGuest.readAll(made.top(), keys);
        byte[] expected = read(made.expectedRaw());
        assertThat(actual.length).as("guest size").isEqualTo(expected.length);
        assertThat(Arrays.mismatch(actual, expected)).as("first guest offset novalab reads differently").isEqualTo(-1);
    }

    /**
     * Legacy AES has no key check: both novalab and qemu-img open the image with a wrong passphrase and see
     * garbage. LUKS refuses a wrong passphrase under both, with a clear error.
     */
    static void assertWrongPassphraseBehaviour(MatrixSide.Made made, QemuImgTool qemu) {
        Path top = made.top();
        try (Passphrase wrong = Passphrase.of(WRONG_PASSPHRASE)) {
            KeyLookup wrongKeys = KeyLookup.always(wrong);
            if (made.matrixCase().scenario().encryption() == EncryptionFormat.AES) {
                byte[] garbage = NovalabGuest.readAll(top, wrongKeys);
                assertThat(Arrays.mismatch(garbage, read(made.expectedRaw()))).as("novalab reads garbage")
                        .isNotEqualTo(-1);
                assertThat(FixtureGuest.isFixtureBootSector(Arrays.copyOf(garbage, FixtureGuest.SECTOR)))
                        .as("the boot sector decrypts to garbage").isFalse();
                assertThat(qemu.compare(top, wrongKeys, made.expectedRaw(), KeyLookup.NONE))
                        .as("qemu-img compare with the wrong key sees a content mismatch").isFalse();
            } else {
                assertThatThrownBy(() -> NovalabGuest.readAll(top, wrongKeys)).as("novalab")
                        .isInstanceOf(InvalidPassphrase.class)
                        .hasMessageNotContaining(WRONG_PASSPHRASE);
                assertThatThrownBy(() -> qemu.compare(top, wrongKeys, made.expectedRaw(), KeyLookup.NONE))
                        .as("qemu-img").isInstanceOf(InvalidPassphrase.class)
                        .hasMessageContaining("Invalid password, cannot unlock any keyslot")
                        .hasMessageNotContaining(WRONG_PASSPHRASE);
            }
        }
    }

    static byte[] read(Path file) {
        try {
            return Files.readAllBytes(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}

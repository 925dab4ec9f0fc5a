package org.novalab.disk.interop;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.novalab.disk.CheckReport;
import org.novalab.disk.Disks;
import org.novalab.disk.KeyLookup;
import org.novalab.disk.LuksParams;
import org.novalab.disk.Passphrase;
import org.novalab.disk.qemu.QemuImgTool;
import org.novalab.testing.RealTools;

/**
 * The interop matrix, first direction: novalab creates, converts and writes every image with its own code
 * (pure Java, no qemu); the real qemu-img must find it consistent and decrypt exactly the expected bytes.
 */
@Tag("integration")
class NovalabWritesQemuReadsIT {
    private static final MatrixSide NOVALAB = new MatrixSide("novalab", Disks.java(), new NovalabGuest(),
            LuksParams.withIterations(1000));
    private static final Map<MatrixCase, MatrixSide.Made> MADE = new ConcurrentHashMap<>();

    @TempDir
    static Path dir;
    private static QemuImgTool qemu;
    private static Passphrase passphrase;

    @BeforeAll
    static void tools() {
        qemu = new QemuImgTool(RealTools.require("qemu-img", "qemu-utils"));
        passphrase = Passphrase.of(InteropAssertions.PASSPHRASE);
    }

    @AfterAll
    static void forgetPassphrase() {
        passphrase.close();
    }

    /** Each case is made once and shared by the tests that inspect it. */
    private static MatrixSide.Made made(MatrixCase c) {
        return MADE.computeIfAbsent(c, k -> NOVALAB.make(k, dir, passphrase));
    }

    private static KeyLookup keys() {
        return KeyLookup.always(passphrase);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("org.novalab.disk.interop.MatrixCase#all")
    void qemuImgCheckFindsNoErrorsAndNoLeaks(MatrixCase c) {
        for (Path file : made(c).qcow2Files()) {
            CheckReport report = qemu.check(file, keys());
            assertThat(report.corruptions()).as("corruptions in %s: %s", file, report.messages()).isZero();
            assertThat(report.leaks()).as("leaked clusters in %s: %s", file, report.messages()).isZero();
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("org.novalab.disk.interop.MatrixCase#all")
    void qemuImgCompareSeesExactlyTheExpectedGuestBytes(MatrixCase c) {
        MatrixSide.Made made = made(c);

        assertThat(qemu.compare(made.top(), keys(), made.expectedRaw(), KeyLookup.NONE)).isTrue();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("org.novalab.disk.interop.MatrixCase#all")
    void novalabReadsBackWhatItWrote(MatrixCase c) {
        InteropAssertions.assertNovalabReadsExpectedBytes(made(c), keys());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("org.novalab.disk.interop.MatrixCase#all")
    void novalabImgInfoTextIsQemuImgInfoText(MatrixCase c) {
        InteropAssertions.assertInfoTextMatches(made(c), qemu);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("org.novalab.disk.interop.MatrixCase#encrypted")
    void aWrongPassphraseGivesGarbageForLegacyAesAndAnErrorForLuks(MatrixCase c) {
        InteropAssertions.assertWrongPassphraseBehaviour(made(c), qemu);
    }
}

package org.novalab.disk.interop;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
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
 * The interop matrix, second direction: the real qemu-img and qemu-io make every image; novalab must read every
 * guest byte of it, agree with qemu-img's info text and find it consistent. The qemu-made images (nine of them
 * LUKS, ~2.3 s of PBKDF2 calibration each) are built once, before the tests.
 */
@Tag("integration")
class QemuWritesNovalabReadsIT {
    private static final Map<MatrixCase, MatrixSide.Made> MADE = new ConcurrentHashMap<>();

    @TempDir
    static Path dir;
    private static QemuImgTool qemu;
    private static Passphrase passphrase;

    @BeforeAll
    static void makeEveryCaseWithQemu() throws Exception {
        qemu = new QemuImgTool(RealTools.require("qemu-img", "qemu-utils"));
        passphrase = Passphrase.of(InteropAssertions.PASSPHRASE);
        // encrypt.iter-time=10: the cheapest slot qemu-img makes (it still calibrates; retried when that fails)
        MatrixSide side = new MatrixSide("qemu", qemu, new QemuGuest(), new LuksParams(512, "sha256", null, 10));
        // two at a time: LUKS creation is mostly qemu-img's single-threaded PBKDF2 calibration
        ExecutorService pool = Executors.newFixedThreadPool(2);
        try {
            List<Future<MatrixSide.Made>> made = MatrixCase.all()
                    .map(c -> pool.submit(() -> side.make(c, dir, passphrase))).toList();
            for (Future<MatrixSide.Made> f : made) {
                MatrixSide.Made m = f.get();
                MADE.put(m.matrixCase(), m);
            }
        } finally {
            pool.shutdownNow();
        }
    }

    @AfterAll
    static void forgetPassphrase() {
        passphrase.close();
    }

    private static KeyLookup keys() {
        return KeyLookup.always(passphrase);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("org.novalab.disk.interop.MatrixCase#all")
    void novalabReadsEveryGuestByteQemuWrote(MatrixCase c) {
        InteropAssertions.assertNovalabReadsExpectedBytes(MADE.get(c), keys());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("org.novalab.disk.interop.MatrixCase#all")
    void qemuAgreesItWroteTheExpectedBytes(MatrixCase c) {
        MatrixSide.Made made = MADE.get(c);

        assertThat(qemu.compare(made.top(), keys(), made.expectedRaw(), KeyLookup.NONE)).isTrue();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("org.novalab.disk.interop.MatrixCase#all")
    void novalabCheckFindsQemuImagesConsistent(MatrixCase c) {
        for (Path file : MADE.get(c).qcow2Files()) {
            CheckReport report = Disks.java().check(file, keys());
            assertThat(report.clean()).as("novalab check %s: %s", file, report).isTrue();
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("org.novalab.disk.interop.MatrixCase#all")
    void novalabImgInfoTextIsQemuImgInfoText(MatrixCase c) {
        InteropAssertions.assertInfoTextMatches(MADE.get(c), qemu);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("org.novalab.disk.interop.MatrixCase#encrypted")
    void aWrongPassphraseGivesGarbageForLegacyAesAndAnErrorForLuks(MatrixCase c) {
        InteropAssertions.assertWrongPassphraseBehaviour(MADE.get(c), qemu);
    }
}

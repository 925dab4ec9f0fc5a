package org.novalab.disk.qemu;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.novalab.disk.CheckReport;
import org.novalab.disk.CreateOptions;
import org.novalab.disk.EncryptionSpec;
import org.novalab.disk.ImageFormat;
import org.novalab.disk.ImageInfo;
import org.novalab.disk.InvalidPassphrase;
import org.novalab.disk.KeyLookup;
import org.novalab.disk.LuksParams;
import org.novalab.disk.MapEntry;
import org.novalab.disk.Passphrase;
import org.novalab.disk.PassphraseRequired;
import org.novalab.disk.interop.SampleDisk;
import org.novalab.testing.RealTools;

/** The qemu-img process backend against the real binary: what it writes, what it parses, what it leaves behind. */
@Tag("integration")
class QemuImgToolIT {
    private static final String SECRET = "correct horse battery staple";
    private static final LuksParams CHEAP_LUKS = new LuksParams(512, "sha256", null, 10);

    @TempDir
    static Path dir;
    @TempDir
    static Path keyBase;

    private static final List<QemuImgCommand> commands = new CopyOnWriteArrayList<>();
    private static final List<String> keyFileModesSeenByQemu = new CopyOnWriteArrayList<>();
    private static QemuImgTool tool;
    private static Path source;
    /** One LUKS image for the class: each qemu-img LUKS create costs ~2.3 s of PBKDF2 calibration. */
    private static Path luks;

    @BeforeAll
    static void buildFixtures() {
        tool = new QemuImgTool(RealTools.require("qemu-img", "qemu-utils"), keyBase, QemuImgToolIT::observe);
        source = SampleDisk.write(dir.resolve("source.raw"));
        luks = dir.resolve("luks.qcow2");
        try (Passphrase pass = Passphrase.of(SECRET)) {
            tool.convert(source, ImageFormat.RAW, KeyLookup.NONE, luks,
                    CreateOptions.qcow2(0).withEncryption(EncryptionSpec.luks(pass, CHEAP_LUKS)));
        }
    }

    @BeforeEach
    void forgetCommands() {
        commands.clear();
        keyFileModesSeenByQemu.clear();
    }

    private static void observe(QemuImgCommand command) {
        commands.add(command);
        for (String arg : command.argv()) {
            if (arg.startsWith("secret,")) {
                Path key = Path.of(arg.replaceAll(".*,file=(.*),format=raw", "$1"));
                try {
                    keyFileModesSeenByQemu.add(PosixFilePermissions.toString(Files.getPosixFilePermissions(key)));
                } catch (IOException e) {
                    keyFileModesSeenByQemu.add("missing: " + e);
                }
            }
        }
    }

    @Test
    void probeReportsTheVersionAndLuksSupport() {
        QemuImgCapabilities caps = tool.probe();

        assertThat(caps.version()).matches("\\d+\\.\\d+(\\.\\d+)?");
        assertThat(caps.major()).isGreaterThanOrEqualTo(5);
        assertThat(caps.luksInQcow2()).isTrue();
    }

    @Test
    void createsAPlainQcow2ThatInfoAndCheckDescribe() {
        Path image = dir.resolve("plain.qcow2");
        tool.create(image, CreateOptions.qcow2(64L << 20).withClusterSize(512));

        ImageInfo info = tool.info(image);
        assertThat(info.format()).isEqualTo(ImageFormat.QCOW2);
        assertThat(info.virtualSize()).isEqualTo(64L << 20);
        assertThat(info.clusterSize()).isEqualTo(512);
        assertThat(info.encrypted()).isFalse();
        assertThat(info.formatSpecific()).containsEntry("compat", "1.1").containsEntry("refcount-bits", 16);
        CheckReport check = tool.check(image, KeyLookup.NONE);
        assertThat(check.clean()).isTrue();
        assertThat(check.filename()).isEqualTo(image.toString());
        assertThat(tool.infoText(image)).startsWith("image: " + image + "\nfile format: qcow2\n")
                .contains("virtual size: 64 MiB (67108864 bytes)");
    }

    @Test
    void aLuksConvertIsReadableOnlyWithItsPassphraseAndLeavesNoKeyFileBehind() throws IOException {
        ImageInfo info = tool.info(luks);
        assertThat(info.encrypted()).isTrue();
        @SuppressWarnings("unchecked")
        Map<String, Object> encrypt = (Map<String, Object>) info.formatSpecific().get("encrypt");
        assertThat(encrypt).containsEntry("format", "luks").containsEntry("cipher-alg", "aes-256")
                .containsEntry("cipher-mode", "xts");

        try (Passphrase right = Passphrase.of(SECRET); Passphrase wrong = Passphrase.of("not the passphrase")) {
            assertThat(tool.compare(luks, KeyLookup.always(right), source, KeyLookup.NONE)).isTrue();
            assertThat(tool.check(luks, KeyLookup.always(right)).clean()).isTrue();
            assertThatThrownBy(() -> tool.compare(luks, KeyLookup.always(wrong), source, KeyLookup.NONE))
                    .isInstanceOf(InvalidPassphrase.class)
                    .hasMessageContaining("Invalid password, cannot unlock any keyslot")
                    .hasMessageNotContaining("not the passphrase");
        }
        assertThat(keyFileModesSeenByQemu).isNotEmpty().allMatch("rw-------"::equals);
        assertNoPassphraseInAnyArgv();
        assertKeyBaseEmpty();
    }

    @Test
    void anEncryptedImageWithoutAPassphraseIsAClearErrorBeforeQemuImgRuns() {
        assertThatThrownBy(() -> tool.check(luks, KeyLookup.NONE))
                .isInstanceOf(PassphraseRequired.class)
                .hasMessageContaining(luks.toString());
        assertThat(commands).noneMatch(c -> c.subcommand().equals("check"));
    }

    @Test
    void aLegacyAesOverlayWithTheWrongKeyOpensAndReadsDifferentBytes() throws IOException {
        Path overlay = dir.resolve("aes-overlay.qcow2");
        try (Passphrase pass = Passphrase.of(SECRET); Passphrase wrong = Passphrase.of("wrong")) {
            tool.convert(source, ImageFormat.RAW, KeyLookup.NONE, overlay,
                    CreateOptions.qcow2(0).withEncryption(EncryptionSpec.aes(pass)));

            assertThat(tool.compare(overlay, KeyLookup.always(pass), source, KeyLookup.NONE)).isTrue();
            assertThat(tool.compare(overlay, KeyLookup.always(wrong), source, KeyLookup.NONE)).isFalse();
        }
        assertThat(tool.infoText(overlay)).contains("encrypted: yes").contains("format: aes");
        assertNoPassphraseInAnyArgv();
        assertKeyBaseEmpty();
    }

    @Test
    void aPlainOverlayOnALuksBaseIsOpenedWithTheBasesOwnPassphrase() throws IOException {
        Path overlay = dir.resolve("on-luks.qcow2");
        Path flat = dir.resolve("flattened.raw");
        tool.create(overlay, CreateOptions.qcow2(0).withBacking("luks.qcow2", ImageFormat.QCOW2));
        List<Path> asked = new CopyOnWriteArrayList<>();
        try (Passphrase pass = Passphrase.of(SECRET)) {
            KeyLookup onlyTheBase = image -> {
                asked.add(image);
                return image.getFileName().toString().equals("luks.qcow2")
                        ? java.util.Optional.of(pass.copy()) : java.util.Optional.empty();
            };

            tool.convert(overlay, ImageFormat.QCOW2, onlyTheBase, flat, new CreateOptions(ImageFormat.RAW, 0, null,
                    null, 0, null));
        }

        assertThat(asked).extracting(p -> p.getFileName().toString()).containsExactly("luks.qcow2");
        assertThat(Files.mismatch(flat, source)).as("first differing byte").isEqualTo(-1);
        assertThat(commands).anySatisfy(c -> assertThat(c.argv())
                .anyMatch(a -> a.contains("backing.encrypt.key-secret=sec0")));
        assertKeyBaseEmpty();
    }

    @Test
    void mapShowsWhichLayerOfTheChainHoldsEachGuestRange() {
        Path overlay = dir.resolve("overlay.qcow2");
        tool.create(overlay, CreateOptions.qcow2(0).withBacking("source.raw", ImageFormat.RAW));

        List<MapEntry> map = tool.map(overlay, KeyLookup.NONE);

        assertThat(tool.info(overlay).backingFilename()).isEqualTo("source.raw");
        assertThat(map).isNotEmpty().allMatch(e -> e.depth() == 1);
        assertThat(map.stream().mapToLong(MapEntry::length).sum()).isEqualTo(SampleDisk.SIZE);
        assertThat(map.get(0).filename()).endsWith("source.raw");
        assertThat(map.get(0).data()).isTrue();
    }

    @Test
    void resizeGrowsTheVirtualDiskInPlace() {
        Path image = dir.resolve("grow.qcow2");
        tool.create(image, CreateOptions.qcow2(1L << 20));

        tool.resize(image, 3L << 20, KeyLookup.NONE);

        assertThat(tool.info(image).virtualSize()).isEqualTo(3L << 20);
    }

    @Test
    void aFailedCreateLeavesNothingUnderTheFinalNameNorATempFileNorAKeyFile() throws IOException {
        Path image = dir.resolve("broken.qcow2");
        try (Passphrase pass = Passphrase.of(SECRET)) {
            assertThatThrownBy(() -> tool.create(image, CreateOptions.qcow2(1L << 20)
                    .withBacking("no-such-base.raw", ImageFormat.RAW)
                    .withEncryption(EncryptionSpec.luks(pass, CHEAP_LUKS))))
                    .isInstanceOf(QemuImgFailed.class)
                    .hasMessageContaining("no-such-base.raw")
                    .hasMessageNotContaining(SECRET);
        }
        assertThat(image).doesNotExist();
        try (var files = Files.list(dir)) {
            assertThat(files.map(p -> p.getFileName().toString())).noneMatch(n -> n.contains("broken.qcow2"));
        }
        assertKeyBaseEmpty();
    }

    private void assertNoPassphraseInAnyArgv() {
        assertThat(commands).isNotEmpty();
        assertThat(commands).allSatisfy(c -> assertThat(String.join(" ", c.argv()))
                .doesNotContain(SECRET).doesNotContain("data="));
    }

    private void assertKeyBaseEmpty() throws IOException {
        try (var left = Files.list(keyBase)) {
            assertThat(left).as("key files and their directories are deleted").isEmpty();
        }
    }
}

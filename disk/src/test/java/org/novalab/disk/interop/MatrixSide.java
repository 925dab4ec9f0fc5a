package org.novalab.disk.interop;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.novalab.disk.CreateOptions;
import org.novalab.disk.DiskTool;
import org.novalab.disk.EncryptionFormat;
import org.novalab.disk.EncryptionSpec;
import org.novalab.disk.ImageFormat;
import org.novalab.disk.KeyLookup;
import org.novalab.disk.LuksParams;
import org.novalab.disk.Passphrase;

/**
 * One side of the matrix (novalab or qemu) making the image of a {@link MatrixCase} with its own tools only:
 * its {@link DiskTool} creates and converts, its {@link GuestWriter} writes guest data.
 *
 * @param luks the key-slot parameters this side creates LUKS with (cheap ones: the matrix tests formats,
 *             not PBKDF2 cost)
 */
record MatrixSide(String name, DiskTool tool, GuestWriter guest, LuksParams luks) {
    /** What a side made: the top image, every qcow2 file it wrote, and the guest bytes as a raw file. */
    record Made(MatrixCase matrixCase, Path top, List<Path> qcow2Files, Path expectedRaw) {
    }

    Made make(MatrixCase c, Path dir, Passphrase passphrase) {
        try {
            Path caseDir = Files.createDirectories(dir.resolve(c.slug()));
            Path raw = SampleDisk.write(caseDir.resolve("base.raw"));
            Path expected = caseDir.resolve("expected.raw");
            Files.write(expected, c.scenario().expectedGuestBytes());
            Scenario s = c.scenario();
            Passphrase key = s.encryption() == null ? null : passphrase;
            CreateOptions options = CreateOptions.qcow2(0).withClusterSize(c.clusterSize())
                    .withEncryption(encryption(s.encryption(), passphrase));
            Path top = caseDir.resolve("disk.qcow2");
            List<Path> written = new ArrayList<>(List.of(top));
            switch (s.content()) {
                case OVERLAY_WITH_EDITS -> {
                    String backing = raw.getFileName().toString();
                    if (s.base() == ImageFormat.QCOW2) {
                        Path base = caseDir.resolve("base.qcow2");
                        tool.convert(raw, ImageFormat.RAW, KeyLookup.NONE, base,
                                CreateOptions.qcow2(0).withClusterSize(c.clusterSize()));
                        written.add(base);
                        backing = base.getFileName().toString();
                    }
                    tool.create(top, options.withBacking(backing, s.base()));
                    guest.applyEdits(top, key);
                }
                case CREATE_THEN_FILL -> {
                    tool.create(top, options.withSize(SampleDisk.SIZE));
                    guest.fill(top, key, raw);
                }
                case CONVERT -> tool.convert(raw, ImageFormat.RAW, KeyLookup.NONE, top, options);
                default -> throw new IllegalStateException(s.content().toString());
            }
            return new Made(c, top, written, expected);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private EncryptionSpec encryption(EncryptionFormat format, Passphrase passphrase) {
        if (format == null) {
            return null;
        }
        return format == EncryptionFormat.AES ? EncryptionSpec.aes(passphrase) : EncryptionSpec.luks(passphrase, luks);
    }

    @Override
    public String toString() {
        return name;
    }
}

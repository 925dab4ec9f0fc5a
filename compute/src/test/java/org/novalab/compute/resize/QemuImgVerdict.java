package org.novalab.compute.resize;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.Optional;
import org.novalab.disk.ImageFormat;
import org.novalab.disk.ImageInfo;
import org.novalab.disk.KeyLookup;
import org.novalab.disk.Passphrase;
import org.novalab.disk.qemu.QemuImgTool;

/** What the real {@code qemu-img} must say of a root disk a resize or a move made: the disk it was, still sound. */
final class QemuImgVerdict {
    private QemuImgVerdict() {
    }

    /**
     * A qcow2 encrypted in {@code qemuFormat} ({@code luks} or {@code aes}), over {@code backing} (none for a
     * standalone copy), that {@code qemu-img check} finds clean under {@code passphrase}.
     *
     * @return what {@code qemu-img info} said, for what the caller checks beyond it
     */
    static ImageInfo soundEncryptedQcow2(QemuImgTool qemuImg, Path disk, String qemuFormat, Optional<Path> backing,
                                         Passphrase passphrase) {
        ImageInfo info = qemuImg.info(disk);
        assertThat(info.format()).isEqualTo(ImageFormat.QCOW2);
        assertThat(info.encrypted()).as("still encrypted").isTrue();
        assertThat(info.formatSpecific().get("encrypt")).asString().contains("format=" + qemuFormat);
        assertThat(Optional.ofNullable(info.backingFilename())).as("backing file")
                .isEqualTo(backing.map(Path::toString));
        assertThat(qemuImg.check(disk, KeyLookup.always(passphrase)).clean()).as("qemu-img check").isTrue();
        return info;
    }
}

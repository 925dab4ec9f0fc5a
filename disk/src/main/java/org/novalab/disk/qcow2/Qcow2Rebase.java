package org.novalab.disk.qcow2;

import java.nio.file.Path;
import org.novalab.disk.ImageFormat;

/**
 * {@code qemu-img rebase -u}: names another backing file (or none) in a qcow2 header without touching data. Only
 * safe when the caller has made the image's guest view the same over the new backing as over the old one (a
 * snapshot merged into its child first). The header cluster is rewritten in place and synced, as qemu-img does:
 * one write within cluster 0, which no data shares.
 */
public final class Qcow2Rebase {
    private Qcow2Rebase() {
    }

    /** Points {@code image} at {@code backingFile} (stored as given, relative to the image's directory) or none. */
    public static void unsafe(Path image, String backingFile, ImageFormat backingFormat) {
        try (Qcow2Image qcow2 = Qcow2Image.open(image, true)) {
            Qcow2Header h = qcow2.header();
            h.backingFile = backingFile;
            h.backingFormat = backingFile == null || backingFormat == null ? null : backingFormat.name()
                    .toLowerCase(java.util.Locale.ROOT);
            qcow2.rewriteHeader();
        }
    }
}

package org.novalab.disk.convert;

import java.nio.file.Path;
import org.novalab.disk.CreateOptions;
import org.novalab.disk.ImageFormat;
import org.novalab.disk.KeyLookup;
import org.novalab.disk.UnsupportedImage;
import org.novalab.disk.chain.ChainDevice;
import org.novalab.disk.chain.ImageChain;
import org.novalab.disk.chain.LuksCreator;
import org.novalab.disk.chain.LuksLayer;
import org.novalab.disk.io.AtomicFiles;
import org.novalab.disk.layer.GuestReader;
import org.novalab.disk.layer.Layer;
import org.novalab.disk.layer.RawLayer;
import org.novalab.disk.qcow2.Qcow2Creator;

/**
 * {@code qemu-img convert}: copies every guest byte of a chain into a new standalone image, streaming through a
 * fixed buffer (memory does not grow with the disk) and skipping all-zero clusters so the output is sparse. The
 * output is written under a temporary name and renamed into place only when complete.
 */
public final class ImageConverter {
    private static final int CHUNK = 4 << 20;

    private ImageConverter() {
    }

    public static void convert(Path source, ImageFormat sourceFormat, KeyLookup keys, Path target,
                               CreateOptions options) {
        if (options.backingFile() != null) {
            throw new UnsupportedImage("convert writes standalone images; a backing file (-B) is not supported");
        }
        try (ImageChain chain = ImageChain.open(source, sourceFormat, keys, false, true)) {
            ChainDevice in = new ChainDevice(chain);
            long size = in.size();
            CreateOptions out = options.size() > 0 ? options : options.withSize(size);
            if (out.size() < size) {
                throw new UnsupportedImage("target size " + out.size() + " is smaller than the source (" + size + ")");
            }
            AtomicFiles.write(target, tmp -> {
                try (Layer layer = createTarget(tmp, out)) {
                    copy(in, layer, out.clusterSize());
                    layer.flush();
                }
            });
        }
    }

    private static Layer createTarget(Path tmp, CreateOptions out) {
        return switch (out.format()) {
            case QCOW2 -> Qcow2Creator.createOpen(tmp, out);
            case RAW -> {
                if (out.encryption() != null) {
                    throw new UnsupportedImage("raw images cannot be encrypted; use -O luks");
                }
                RawLayer raw = RawLayer.open(tmp, true);
                raw.resize(out.size());
                yield raw;
            }
            case LUKS -> {
                LuksCreator.create(tmp, out);
                yield LuksLayer.open(tmp, true, out.encryption().passphrase());
            }
        };
    }

    private static void copy(ChainDevice in, Layer out, int clusterSize) {
        int granule = out.format() == ImageFormat.QCOW2 ? clusterSize : 4096;
        // a LUKS payload has no "unallocated": unwritten sectors would decrypt to garbage, so write them all
        boolean sparse = out.format() != ImageFormat.LUKS;
        int chunk = Math.max(CHUNK / granule, 1) * granule;
        byte[] buf = new byte[chunk];
        long size = in.size();
        for (long pos = 0; pos < size; pos += chunk) {
            int n = (int) Math.min(chunk, size - pos);
            if (sparse && in.knownZero(pos, n)) {
                continue;
            }
            in.read(0, pos, buf, 0, n);
            int i = 0;
            while (i < n) {
                int len = Math.min(granule, n - i);
                if (sparse && isZero(buf, i, len)) {
                    i += len;
                    continue;
                }
                int start = i;
                while (i < n && !(sparse && isZero(buf, i, Math.min(granule, n - i)))) {
                    i += Math.min(granule, n - i);
                }
                out.write(pos + start, buf, start, i - start, GuestReader.ZEROS);
            }
        }
    }

    private static boolean isZero(byte[] buf, int off, int len) {
        for (int i = off; i < off + len; i++) {
            if (buf[i] != 0) {
                return false;
            }
        }
        return true;
    }
}

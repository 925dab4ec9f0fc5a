package org.novalab.disk.convert;

import java.nio.file.Path;
import java.util.List;
import org.novalab.disk.CreateOptions;
import org.novalab.disk.ImageFormat;
import org.novalab.disk.KeyLookup;
import org.novalab.disk.PassphraseRequired;
import org.novalab.disk.UnsupportedImage;
import org.novalab.disk.chain.ChainDevice;
import org.novalab.disk.chain.ImageChain;
import org.novalab.disk.chain.LuksCreator;
import org.novalab.disk.io.NewImageFile;
import org.novalab.disk.layer.Layer;
import org.novalab.disk.layer.RawLayer;
import org.novalab.disk.map.ImageMapper;
import org.novalab.disk.qcow2.Qcow2Creator;

/**
 * {@code qemu-img convert}: copies every guest byte of a chain into a new standalone image ({@link StreamCopy}:
 * bounded memory, sparse output). The output is written under a temporary name and renamed into place only when
 * complete.
 */
public final class ImageConverter {
    private ImageConverter() {
    }

    public static void convert(Path source, ImageFormat sourceFormat, KeyLookup keys, Path target,
                               CreateOptions options) {
        convert(source, sourceFormat, keys, target, options, ConvertProgress.NONE);
    }

    /** As {@link #convert(Path, ImageFormat, KeyLookup, Path, CreateOptions)}, telling {@code progress}. */
    public static void convert(Path source, ImageFormat sourceFormat, KeyLookup keys, Path target,
                               CreateOptions options, ConvertProgress progress) {
        if (options.encryption() != null && options.encryption().passphrase() == null) {
            throw new PassphraseRequired("converting into an encrypted image needs its passphrase");
        }
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
            ProgressPlan plan = ProgressPlan.of(progress == ConvertProgress.NONE ? List.of()
                    : ImageMapper.extents(chain), progress);
            NewImageFile.write(target, tmp -> {
                try (Layer layer = createTarget(tmp, out)) {
                    new StreamCopy(in, layer, out.clusterSize(), plan).run();
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
            case LUKS -> LuksCreator.createOpen(tmp, out);
        };
    }
}

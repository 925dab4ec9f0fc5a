package org.novalab.disk;

import java.nio.file.Path;
import java.util.List;
import org.novalab.disk.chain.ImageChain;
import org.novalab.disk.chain.LuksCreator;
import org.novalab.disk.check.ImageCheck;
import org.novalab.disk.convert.ImageConverter;
import org.novalab.disk.info.ImageInspector;
import org.novalab.disk.io.NewImageFile;
import org.novalab.disk.layer.Layer;
import org.novalab.disk.layer.RawLayer;
import org.novalab.disk.map.ImageMapper;
import org.novalab.disk.qcow2.Qcow2Creator;
import org.novalab.disk.qcow2.Qcow2Image;

/** {@link DiskTool} in pure Java: the qcow2, raw and LUKS code of this module, no qemu needed. */
public final class JavaDiskTool implements DiskTool {
    @Override
    public void create(Path image, CreateOptions options) {
        CreateOptions resolved = withBackingSize(image, options);
        NewImageFile.write(image, tmp -> {
            switch (resolved.format()) {
                case QCOW2 -> Qcow2Creator.create(tmp, resolved);
                case RAW -> {
                    if (resolved.encryption() != null) {
                        throw new UnsupportedImage("raw images cannot be encrypted; use -f luks");
                    }
                    try (RawLayer raw = RawLayer.open(tmp, true)) {
                        raw.resize(resolved.size());
                    }
                }
                case LUKS -> LuksCreator.create(tmp, resolved);
                default -> throw new UnsupportedImage("cannot create " + resolved.format());
            }
        });
    }

    /** Like qemu-img: without a size, an overlay takes its backing file's size (the backing file must open). */
    private static CreateOptions withBackingSize(Path image, CreateOptions options) {
        if (options.backingFile() == null) {
            if (options.size() < 0) {
                throw new UnsupportedImage("Image creation needs a size parameter");
            }
            return options;
        }
        Path backing = ImageChain.resolveBacking(image.toAbsolutePath(), options.backingFile());
        try (ImageChain chain = ImageChain.open(backing, options.backingFormat(), KeyLookup.NONE, false, false)) {
            if (options.size() <= 0) {
                return options.withSize(chain.top().size());
            }
            return options;
        } catch (DiskException e) {
            throw new DiskException("Could not open backing file: " + e.getMessage(), e);
        }
    }

    @Override
    public void convert(Path source, ImageFormat sourceFormat, KeyLookup sourceKeys, Path target,
                        CreateOptions options) {
        ImageConverter.convert(source, sourceFormat, sourceKeys, target, options);
    }

    @Override
    public ImageInfo info(Path image) {
        return ImageInspector.info(image, null);
    }

    @Override
    public CheckReport check(Path image, KeyLookup keys) {
        return ImageCheck.check(image, null).toReport();
    }

    @Override
    public void resize(Path image, long newSize, KeyLookup keys) {
        try (ImageChain chain = ImageChain.open(image, null, keys, true, false)) {
            Layer top = chain.top();
            if (top instanceof Qcow2Image q) {
                q.grow(newSize);
            } else if (top instanceof RawLayer raw) {
                raw.resize(newSize);
                raw.flush();
            } else {
                throw new UnsupportedImage("resizing " + top.format().qemuName() + " images is not supported");
            }
        }
    }

    @Override
    public List<MapEntry> map(Path image, KeyLookup keys) {
        try (ImageChain chain = ImageChain.open(image, null, keys, false, false)) {
            return ImageMapper.map(chain);
        }
    }
}

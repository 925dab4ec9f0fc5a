package org.novalab.disk.chain;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import org.novalab.disk.CorruptImage;
import org.novalab.disk.DiskException;
import org.novalab.disk.ImageFormat;
import org.novalab.disk.KeyLookup;
import org.novalab.disk.Passphrase;
import org.novalab.disk.PassphraseRequired;
import org.novalab.disk.UnsupportedImage;
import org.novalab.disk.layer.Layer;
import org.novalab.disk.layer.RawLayer;
import org.novalab.disk.qcow2.Qcow2Encryption;
import org.novalab.disk.qcow2.Qcow2Image;

/**
 * The files of a backing chain, top first, opened and (when data is needed) unlocked with one key per file.
 * Backing names resolve like QEMU's: absolute as is, relative against the directory of the image naming them.
 * Loops and absurd depths are refused before anything is read through them.
 */
public final class ImageChain implements AutoCloseable {
    /** QEMU has no hard limit, but nothing legitimate comes near this. */
    public static final int MAX_DEPTH = 64;

    private final List<Layer> layers;

    private ImageChain(List<Layer> layers) {
        this.layers = List.copyOf(layers);
    }

    public List<Layer> layers() {
        return layers;
    }

    public Layer top() {
        return layers.get(0);
    }

    /**
     * Opens {@code image} and its backing files.
     *
     * @param format   the top file's format, or null to probe
     * @param keys     a passphrase per encrypted file; {@link KeyLookup#NONE} to open metadata only
     * @param writable open the top file for writing (backing files are always read-only)
     * @param needData unlock encrypted layers, failing with {@link PassphraseRequired} when a key is missing
     */
    public static ImageChain open(Path image, ImageFormat format, KeyLookup keys, boolean writable,
                                  boolean needData) {
        return open(image, format, keys, writable, needData, false);
    }

    /**
     * Opens a chain whose every format is known rather than guessed, as a guest's disk must be: the top file's
     * from its owner's records (the domain's driver type, {@code disk.info}, a base's pinned format), each backing
     * file's from the {@code backing_fmt} of the file naming it. A backing file named without its format is
     * refused: probing it would let bytes a guest or a user wrote decide how a host file is read.
     *
     * @throws UnsupportedImage when a backing file has no {@code backing_fmt}
     */
    public static ImageChain openPinned(Path image, ImageFormat format, KeyLookup keys, boolean writable,
                                        boolean needData) {
        Objects.requireNonNull(format, "the format of " + image);
        return open(image, format, keys, writable, needData, true);
    }

    private static ImageChain open(Path image, ImageFormat format, KeyLookup keys, boolean writable,
                                   boolean needData, boolean pinned) {
        List<Layer> layers = new ArrayList<>();
        Set<Path> seen = new HashSet<>();
        try {
            Path current = image;
            ImageFormat fmt = format;
            boolean top = true;
            while (current != null) {
                if (layers.size() >= MAX_DEPTH) {
                    throw new UnsupportedImage("'" + image + "': backing chain deeper than " + MAX_DEPTH + " files");
                }
                Path real = realPath(current);
                if (!seen.add(real)) {
                    throw new CorruptImage("'" + image + "': backing chain loop: '" + current
                            + "' is already in the chain");
                }
                if (fmt == null) {
                    fmt = FormatProbe.probe(current);
                }
                Layer layer = openLayer(current, fmt, keys, top && writable, needData);
                layers.add(layer);
                top = false;
                if (layer instanceof Qcow2Image q && q.header().backingFile() != null) {
                    String name = q.header().backingFile();
                    current = resolveBacking(current, name);
                    String bf = q.header().backingFormat();
                    if (bf == null && pinned) {
                        throw new UnsupportedImage("'" + current + "' names its backing file '" + name
                                + "' without a backing format (backing_fmt); refusing to probe it");
                    }
                    fmt = bf == null ? null : ImageFormat.fromQemuName(bf);
                } else {
                    current = null;
                }
            }
            return new ImageChain(layers);
        } catch (RuntimeException e) {
            layers.forEach(Layer::close);
            throw e;
        }
    }

    /** QEMU's path_combine: a relative backing name is relative to the directory of the file naming it. */
    public static Path resolveBacking(Path image, String backingName) {
        Path name;
        try {
            name = Path.of(backingName);
        } catch (java.nio.file.InvalidPathException e) {
            throw new CorruptImage("'" + image + "': invalid backing file name (" + e.getReason() + ")");
        }
        if (name.isAbsolute()) {
            return name;
        }
        Path dir = image.getParent();
        return dir == null ? name : dir.resolve(name);
    }

    private static Path realPath(Path p) {
        try {
            return p.toRealPath();
        } catch (IOException e) {
            if (!Files.exists(p)) {
                throw new DiskException("Could not open '" + p + "': No such file or directory", e);
            }
            throw new DiskException("Could not open '" + p + "': " + e.getMessage(), e);
        }
    }

    private static Layer openLayer(Path path, ImageFormat fmt, KeyLookup keys, boolean writable, boolean needData) {
        switch (fmt) {
            case RAW:
                return RawLayer.open(path, writable);
            case QCOW2: {
                Qcow2Image image = Qcow2Image.open(path, writable);
                try {
                    if (image.encrypted() && needData) {
                        try (Passphrase p = passphrase(keys, path)) {
                            Qcow2Encryption.unlock(image, p);
                        }
                    }
                    return image;
                } catch (RuntimeException e) {
                    image.close();
                    throw e;
                }
            }
            case LUKS: {
                if (!needData) {
                    return LuksLayer.openLocked(path, writable);
                }
                try (Passphrase p = passphrase(keys, path)) {
                    return LuksLayer.open(path, writable, p);
                }
            }
            default:
                throw new UnsupportedImage("unsupported format " + fmt);
        }
    }

    private static Passphrase passphrase(KeyLookup keys, Path path) {
        Optional<Passphrase> p = keys.passphraseFor(path);
        return p.orElseThrow(() -> new PassphraseRequired("Could not open '" + path
                + "': Parameter 'encrypt.key-secret' is required for cipher"));
    }

    @Override
    public void close() {
        RuntimeException first = null;
        for (Layer l : layers) {
            try {
                l.close();
            } catch (RuntimeException e) {
                if (first == null) {
                    first = e;
                }
            }
        }
        if (first != null) {
            throw first;
        }
    }
}

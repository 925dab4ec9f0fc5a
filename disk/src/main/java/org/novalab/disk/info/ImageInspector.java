package org.novalab.disk.info;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Set;
import org.novalab.disk.CorruptImage;
import org.novalab.disk.ImageFormat;
import org.novalab.disk.ImageInfo;
import org.novalab.disk.chain.FormatProbe;
import org.novalab.disk.chain.ImageChain;
import org.novalab.disk.chain.LuksLayer;
import org.novalab.disk.crypto.LuksHeader;
import org.novalab.disk.crypto.LuksKeySlot;
import org.novalab.disk.io.AllocatedSize;
import org.novalab.disk.layer.RawLayer;
import org.novalab.disk.qcow2.Qcow2Encryption;
import org.novalab.disk.qcow2.Qcow2Header;
import org.novalab.disk.qcow2.Qcow2Image;

/** What {@code qemu-img info} reports for one file; needs no passphrase (headers are not encrypted). */
public final class ImageInspector {
    private ImageInspector() {
    }

    public static ImageInfo info(Path image, ImageFormat formatOrNull) {
        ImageFormat format = formatOrNull == null ? FormatProbe.probe(image) : formatOrNull;
        String filename = image.toString();
        long actual = AllocatedSize.of(image);
        return switch (format) {
            case RAW -> {
                try (RawLayer raw = RawLayer.open(image, false)) {
                    yield new ImageInfo(filename, format, raw.size(), actual, false, null, null, null, null, false,
                            null);
                }
            }
            case LUKS -> {
                try (LuksLayer luks = LuksLayer.openLocked(image, false)) {
                    yield new ImageInfo(filename, format, luks.size(), actual, true, null, null, null, null, false,
                            luksInfo(luks.header(), false));
                }
            }
            case QCOW2 -> {
                try (Qcow2Image q = Qcow2Image.open(image, false)) {
                    Qcow2Header h = q.header();
                    String backing = h.backingFile();
                    yield new ImageInfo(filename, format, h.size(), actual, h.cryptMethod() != 0, h.clusterSize(),
                            backing, backing == null ? null : pathCombine(filename, backing),
                            h.backingFormat() == null ? null : ImageFormat.fromQemuName(h.backingFormat()),
                            h.dirty(), qcow2Specific(q));
                }
            }
        };
    }

    /**
     * {@code qemu-img info --backing-chain}: every file of the chain, top first, each named as qemu-img names it
     * (the backing name combined with the name of the file that refers to it).
     */
    public static List<ImageInfo> chain(Path image, ImageFormat formatOrNull) {
        List<ImageInfo> out = new ArrayList<>();
        Set<Path> seen = new HashSet<>();
        Path path = image;
        ImageFormat format = formatOrNull;
        String name = image.toString();
        while (path != null) {
            if (out.size() >= ImageChain.MAX_DEPTH
                    || !seen.add(path.toAbsolutePath().normalize())) {
                throw new CorruptImage("'" + image + "': backing chain loop or too deep");
            }
            ImageInfo info = info(path, format).withFilename(name);
            out.add(info);
            if (info.backingFilename() == null) {
                break;
            }
            path = ImageChain.resolveBacking(path, info.backingFilename());
            format = info.backingFormat();
            name = info.fullBackingFilename();
        }
        return out;
    }

    /** qemu's path_combine on the names as given: relative backing names hang off the image's directory. */
    static String pathCombine(String base, String name) {
        if (name.startsWith("/")) {
            return name;
        }
        int slash = base.lastIndexOf('/');
        return slash < 0 ? name : base.substring(0, slash + 1) + name;
    }

    private static LinkedHashMap<String, Object> qcow2Specific(Qcow2Image q) {
        Qcow2Header h = q.header();
        LinkedHashMap<String, Object> m = new LinkedHashMap<>();
        if (h.version() == 2) {
            m.put("compat", "0.10");
            m.put("refcount-bits", h.refcountBits());
        } else {
            m.put("compat", "1.1");
            m.put("lazy-refcounts", h.lazyRefcounts());
            m.put("corrupt", h.corrupt());
            m.put("refcount-bits", h.refcountBits());
        }
        if (h.cryptMethod() == 1) {
            LinkedHashMap<String, Object> enc = new LinkedHashMap<>();
            enc.put("format", "aes");
            m.put("encrypt", enc);
        } else if (h.cryptMethod() == 2) {
            m.put("encrypt", luksInfo(Qcow2Encryption.luksHeader(q), true));
        }
        m.put("compression-type", h.compressionType() == 1 ? "zstd" : "zlib");
        if (h.version() > 2) {
            m.put("extended-l2", h.extendedL2());
        }
        return m;
    }

    /** QCryptoBlockInfoLUKS (plus "format" when nested as qcow2's encrypt member), in declaration order. */
    private static LinkedHashMap<String, Object> luksInfo(LuksHeader header, boolean withFormat) {
        LinkedHashMap<String, Object> m = new LinkedHashMap<>();
        if (withFormat) {
            m.put("format", "luks");
        }
        m.put("cipher-alg", header.cipherAlg());
        m.put("cipher-mode", header.cipherModeName());
        m.put("ivgen-alg", header.ivgenAlg());
        m.put("hash-alg", header.hashSpec());
        m.put("payload-offset", header.payloadOffset());
        m.put("master-key-iters", header.masterKeyDigestIterations());
        m.put("uuid", header.uuid());
        List<Object> slots = new ArrayList<>();
        for (LuksKeySlot slot : header.keySlots()) {
            LinkedHashMap<String, Object> s = new LinkedHashMap<>();
            s.put("active", slot.active());
            if (slot.active()) {
                s.put("iters", slot.iterations());
                s.put("stripes", slot.stripes());
            }
            s.put("key-offset", slot.keyMaterialOffset());
            slots.add(s);
        }
        m.put("slots", slots);
        return m;
    }
}

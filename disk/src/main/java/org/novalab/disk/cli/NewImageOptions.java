package org.novalab.disk.cli;

import java.util.Map;
import java.util.Set;
import org.novalab.cli.UsageError;
import org.novalab.disk.ImageFormat;

/** Checks the {@code -o} options of a new image: names qemu-img knows, and values novalab can honour. */
final class NewImageOptions {
    private static final Set<String> QCOW2 = Set.of("size", "backing_file", "backing_fmt", "cluster_size",
            "encryption", "compat", "lazy_refcounts", "refcount_bits", "extended_l2", "preallocation",
            "compression_type", "data_file", "data_file_raw");
    private static final Set<String> LUKS = Set.of("size", "key-secret", "cipher-alg", "cipher-mode", "ivgen-alg",
            "ivgen-hash-alg", "hash-alg", "iter-time", "iter-count", "preallocation");
    private static final Set<String> RAW = Set.of("size", "preallocation");

    private NewImageOptions() {
    }

    static void check(Map<String, String> o, ImageFormat fmt) {
        for (String key : o.keySet()) {
            boolean known = switch (fmt) {
                case QCOW2 -> QCOW2.contains(key) || key.startsWith("encrypt.");
                case LUKS -> LUKS.contains(key);
                case RAW -> RAW.contains(key);
            };
            if (!known) {
                throw new UsageError("Invalid parameter '" + key + "'");
            }
        }
        String compat = o.get("compat");
        if (compat != null && !compat.equals("1.1") && !compat.equals("v3")) {
            throw new UsageError("novalab writes qcow2 v3 (compat=1.1) only");
        }
        String refcountBits = o.get("refcount_bits");
        if (refcountBits != null && !refcountBits.equals("16")) {
            throw new UsageError("novalab writes 16-bit refcounts only");
        }
        if (QemuOptions.flag(o, "lazy_refcounts") || QemuOptions.flag(o, "extended_l2")) {
            throw new UsageError("lazy_refcounts and extended_l2 are not supported");
        }
        if (o.containsKey("data_file")) {
            throw new UsageError("external data files are not supported");
        }
        String compression = o.getOrDefault("compression_type", "zlib");
        if (!"zlib".equals(compression)) {
            throw new UsageError("compression_type=" + compression + " is not supported");
        }
        String preallocation = o.getOrDefault("preallocation", "off");
        if (!"off".equals(preallocation)) {
            throw new UsageError("preallocation=" + preallocation + " is not supported");
        }
    }
}

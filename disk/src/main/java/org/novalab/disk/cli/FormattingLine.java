package org.novalab.disk.cli;

import java.util.Map;
import org.novalab.disk.ImageFormat;

/** qemu-img create's {@code Formatting 'FILE', fmt=... } line, options in the order qemu-img 7.2 prints them. */
final class FormattingLine {
    private FormattingLine() {
    }

    static String of(String file, ImageFormat fmt, Map<String, String> o, long size, int clusterSize,
                     String backingFile, String backingFmt) {
        StringBuilder sb = new StringBuilder("Formatting '").append(file).append("', fmt=").append(fmt.qemuName());
        if (fmt == ImageFormat.RAW) {
            return sb.append(" size=").append(size).toString();
        }
        if (fmt == ImageFormat.LUKS) {
            sb.append(" size=").append(size);
            for (String k : new String[] {"key-secret", "cipher-alg", "cipher-mode", "ivgen-alg", "hash-alg",
                "iter-time"}) {
                appendIf(sb, o, k);
            }
            return sb.toString();
        }
        for (String k : new String[] {"encryption", "encrypt.format", "encrypt.key-secret", "encrypt.cipher-alg",
            "encrypt.cipher-mode", "encrypt.ivgen-alg", "encrypt.hash-alg", "encrypt.iter-time"}) {
            appendIf(sb, o, k);
        }
        sb.append(" cluster_size=").append(clusterSize).append(" extended_l2=off compression_type=zlib size=")
                .append(size);
        appendIf(sb, o, "compat");
        if (backingFile != null) {
            sb.append(" backing_file=").append(backingFile);
        }
        if (backingFmt != null) {
            sb.append(" backing_fmt=").append(backingFmt);
        }
        return sb.append(" lazy_refcounts=off refcount_bits=16").toString();
    }

    private static void appendIf(StringBuilder sb, Map<String, String> o, String key) {
        if (o.containsKey(key)) {
            sb.append(' ').append(key).append('=').append(o.get(key));
        }
    }
}

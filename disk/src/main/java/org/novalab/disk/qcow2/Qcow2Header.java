package org.novalab.disk.qcow2;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.novalab.disk.CorruptImage;
import org.novalab.disk.UnsupportedImage;

/**
 * The qcow2 header (cluster 0): the fixed fields, the header extensions novalab knows (backing format, feature
 * name table, full-disk-encryption header pointer) and the backing file name. Parsing validates every field
 * against the limits QEMU enforces, so later code can trust offsets and sizes; encoding lays the header out in
 * the order qemu's {@code qcow2_update_header} does.
 */
public final class Qcow2Header {
    public static final int MAGIC = 0x514649fb;
    public static final int V2_LENGTH = 72;
    public static final int V3_LENGTH = 112;
    static final int EXT_END = 0;
    static final int EXT_BACKING_FORMAT = 0xe2792aca;
    static final int EXT_FEATURE_TABLE = 0x6803f857;
    static final int EXT_CRYPTO_HEADER = 0x0537be77;
    static final int EXT_BITMAPS = 0x23852875;
    static final int EXT_DATA_FILE = 0x44415441;

    public static final long INCOMPAT_DIRTY = 1;
    public static final long INCOMPAT_CORRUPT = 2;
    static final long INCOMPAT_DATA_FILE = 4;
    static final long INCOMPAT_COMPRESSION = 8;
    static final long INCOMPAT_EXTL2 = 16;
    static final long COMPAT_LAZY_REFCOUNTS = 1;

    /** QEMU's limits (block/qcow2.h): they keep a crafted header from making us allocate gigabytes. */
    static final long MAX_L1_BYTES = 32L << 20;
    static final long MAX_REFTABLE_BYTES = 8L << 20;
    static final int MAX_BACKING_NAME = 1023;
    static final int MAX_SNAPSHOTS = 65536;
    /** No LUKS1 header with key material comes near this (qemu-img's are ~2 MiB). */
    static final long MAX_CRYPTO_HEADER = 64L << 20;
    public static final int MIN_CLUSTER_BITS = 9;
    public static final int MAX_CLUSTER_BITS = 21;

    int version = 3;
    String backingFile;
    int clusterBits = 16;
    long size;
    int cryptMethod;
    int l1Size;
    long l1TableOffset;
    long refcountTableOffset;
    int refcountTableClusters;
    int nbSnapshots;
    long snapshotsOffset;
    long incompatibleFeatures;
    long compatibleFeatures;
    long autoclearFeatures;
    int refcountOrder = 4;
    int headerLength = V3_LENGTH;
    int compressionType;
    String backingFormat;
    long cryptoHeaderOffset;
    long cryptoHeaderLength;
    /** Extensions novalab does not interpret, kept verbatim (type, data) so a header rewrite preserves them. */
    final List<RawExtension> unknownExtensions = new ArrayList<>();
    /** Names from the feature name table: (type, bit) -> name; used in error messages like QEMU's. */
    final List<FeatureName> featureNames = new ArrayList<>();

    record RawExtension(int type, byte[] data) {
    }

    record FeatureName(int type, int bit, String name) {
    }

    Qcow2Header() {
    }

    public int version() {
        return version;
    }

    public int clusterBits() {
        return clusterBits;
    }

    public int clusterSize() {
        return 1 << clusterBits;
    }

    public long size() {
        return size;
    }

    public int cryptMethod() {
        return cryptMethod;
    }

    public String backingFile() {
        return backingFile;
    }

    public String backingFormat() {
        return backingFormat;
    }

    public int refcountBits() {
        return 1 << refcountOrder;
    }

    public boolean lazyRefcounts() {
        return (compatibleFeatures & COMPAT_LAZY_REFCOUNTS) != 0;
    }

    public boolean dirty() {
        return (incompatibleFeatures & INCOMPAT_DIRTY) != 0;
    }

    public boolean corrupt() {
        return (incompatibleFeatures & INCOMPAT_CORRUPT) != 0;
    }

    public boolean extendedL2() {
        return (incompatibleFeatures & INCOMPAT_EXTL2) != 0;
    }

    public int compressionType() {
        return compressionType;
    }

    public long cryptoHeaderOffset() {
        return cryptoHeaderOffset;
    }

    public long cryptoHeaderLength() {
        return cryptoHeaderLength;
    }

    public int nbSnapshots() {
        return nbSnapshots;
    }

    /** Number of L1 entries a disk of {@code bytes} needs. */
    static long l1EntriesFor(long bytes, int clusterBits) {
        long perL2 = 1L << (clusterBits - 3 + clusterBits);
        return (bytes + perL2 - 1) / perL2;
    }

    /**
     * Parses and validates the header in {@code cluster0} (the first bytes of the file, at most one cluster).
     * Offsets are checked against {@code fileSize} so nothing later reads outside the file.
     */
    public static Qcow2Header parse(byte[] cluster0, long fileSize) {
        if (cluster0.length < V2_LENGTH) {
            throw new CorruptImage("truncated qcow2 header (" + cluster0.length + " bytes)");
        }
        ByteBuffer b = ByteBuffer.wrap(cluster0);
        if (b.getInt(0) != MAGIC) {
            throw new CorruptImage("not a qcow2 image (bad magic)");
        }
        Qcow2Header h = new Qcow2Header();
        h.version = b.getInt(4);
        if (h.version != 2 && h.version != 3) {
            throw new UnsupportedImage("Unsupported qcow2 version " + h.version);
        }
        long backingOffset = b.getLong(8);
        int backingSize = b.getInt(16);
        h.clusterBits = b.getInt(20);
        if (h.clusterBits < MIN_CLUSTER_BITS || h.clusterBits > MAX_CLUSTER_BITS) {
            throw new UnsupportedImage("Unsupported cluster size: 2^" + Integer.toUnsignedString(h.clusterBits));
        }
        int cs = h.clusterSize();
        h.size = b.getLong(24);
        h.cryptMethod = b.getInt(32);
        h.l1Size = b.getInt(36);
        h.l1TableOffset = b.getLong(40);
        h.refcountTableOffset = b.getLong(48);
        h.refcountTableClusters = b.getInt(56);
        h.nbSnapshots = b.getInt(60);
        h.snapshotsOffset = b.getLong(64);
        if (h.version == 3) {
            if (cluster0.length < 104) {
                throw new CorruptImage("truncated qcow2 v3 header");
            }
            h.incompatibleFeatures = b.getLong(72);
            h.compatibleFeatures = b.getLong(80);
            h.autoclearFeatures = b.getLong(88);
            h.refcountOrder = b.getInt(96);
            h.headerLength = b.getInt(100);
            if (h.headerLength < 104) {
                throw new CorruptImage("qcow2 header too short (" + h.headerLength + " bytes)");
            }
            if (h.headerLength > cs || h.headerLength > cluster0.length) {
                throw new CorruptImage("qcow2 header exceeds cluster size");
            }
            if (h.headerLength >= 105) {
                h.compressionType = cluster0[104] & 0xff;
            }
        } else {
            h.refcountOrder = 4;
            h.headerLength = V2_LENGTH;
        }
        if (h.size < 0 || h.size > (1L << 62)) {
            throw new UnsupportedImage("Image size too large: " + Long.toUnsignedString(h.size) + " bytes");
        }
        if (h.refcountOrder < 0 || h.refcountOrder > 6) {
            throw new UnsupportedImage("Reference count entry width too large; may not exceed 64 bits");
        }
        if (h.cryptMethod < 0 || h.cryptMethod > 2) {
            throw new UnsupportedImage("Unsupported encryption method: " + Integer.toUnsignedString(h.cryptMethod));
        }
        if (h.l1Size < 0 || (long) h.l1Size * 8 > MAX_L1_BYTES) {
            throw new UnsupportedImage("Active L1 table too large");
        }
        if (l1EntriesFor(h.size, h.clusterBits) > h.l1Size) {
            throw new CorruptImage("L1 table is too small for the virtual size");
        }
        checkTable("L1 table", h.l1TableOffset, (long) h.l1Size * 8, cs, fileSize, h.l1Size > 0);
        if (h.refcountTableClusters <= 0 || (long) h.refcountTableClusters * cs > MAX_REFTABLE_BYTES) {
            throw new CorruptImage("Reference count table size invalid (" + h.refcountTableClusters + " clusters)");
        }
        checkTable("Reference count table", h.refcountTableOffset, (long) h.refcountTableClusters * cs, cs,
                fileSize, true);
        if (h.nbSnapshots < 0 || h.nbSnapshots > MAX_SNAPSHOTS) {
            throw new CorruptImage("Too many snapshots");
        }
        h.parseExtensions(cluster0, backingOffset, cs);
        h.checkFeatures();
        if (backingOffset != 0) {
            if (backingOffset < 0 || backingOffset > cs || backingSize < 0 || backingSize > MAX_BACKING_NAME
                    || backingOffset + backingSize > cluster0.length) {
                throw new CorruptImage(backingSize > MAX_BACKING_NAME ? "Backing file name too long"
                        : "Invalid backing file offset");
            }
            h.backingFile = new String(cluster0, (int) backingOffset, backingSize, StandardCharsets.UTF_8);
        }
        if ((h.cryptMethod == 2) != (h.cryptoHeaderOffset != 0)) {
            throw new CorruptImage(h.cryptMethod == 2 ? "LUKS encrypted image lacks its crypto header extension"
                    : "Crypto header extension present on an image that is not LUKS encrypted");
        }
        if (h.cryptMethod == 2) {
            if (h.cryptoHeaderLength <= 0 || h.cryptoHeaderLength > MAX_CRYPTO_HEADER) {
                throw new CorruptImage("LUKS header length " + h.cryptoHeaderLength + " is invalid");
            }
            checkTable("LUKS header", h.cryptoHeaderOffset, h.cryptoHeaderLength, cs, fileSize, true);
        }
        return h;
    }

    private static void checkTable(String what, long offset, long length, int cs, long fileSize, boolean used) {
        if (!used) {
            return;
        }
        if (offset <= 0 || (offset & (cs - 1)) != 0) {
            throw new CorruptImage(what + " offset invalid (" + offset + ")");
        }
        if (length < 0 || offset > fileSize || length > fileSize - offset) {
            throw new CorruptImage(what + " at offset " + offset + " extends beyond the end of the file");
        }
    }

    private void parseExtensions(byte[] c0, long backingOffset, int cs) {
        int end = (int) Math.min(c0.length, backingOffset > 0 && backingOffset <= cs ? backingOffset : cs);
        int pos = headerLength;
        ByteBuffer b = ByteBuffer.wrap(c0);
        while (pos + 8 <= end) {
            int type = b.getInt(pos);
            int len = b.getInt(pos + 4);
            pos += 8;
            if (type == EXT_END) {
                return;
            }
            if (len < 0 || len > end - pos) {
                throw new CorruptImage("qcow2 header extension 0x" + Integer.toHexString(type) + " too large");
            }
            switch (type) {
                case EXT_BACKING_FORMAT -> backingFormat = new String(c0, pos, len, StandardCharsets.UTF_8);
                case EXT_CRYPTO_HEADER -> {
                    if (len != 16) {
                        throw new CorruptImage("crypto header extension has length " + len + ", expected 16");
                    }
                    cryptoHeaderOffset = b.getLong(pos);
                    cryptoHeaderLength = b.getLong(pos + 8);
                }
                case EXT_FEATURE_TABLE -> {
                    for (int i = pos; i + 48 <= pos + len; i += 48) {
                        int nameEnd = i + 2;
                        while (nameEnd < i + 48 && c0[nameEnd] != 0) {
                            nameEnd++;
                        }
                        featureNames.add(new FeatureName(c0[i] & 0xff, c0[i + 1] & 0xff,
                                new String(c0, i + 2, nameEnd - i - 2, StandardCharsets.UTF_8)));
                    }
                }
                default -> {
                    byte[] data = new byte[len];
                    System.arraycopy(c0, pos, data, 0, len);
                    unknownExtensions.add(new RawExtension(type, data));
                }
            }
            pos += (len + 7) & ~7;
        }
    }

    private void checkFeatures() {
        long known = INCOMPAT_DIRTY | INCOMPAT_CORRUPT | INCOMPAT_COMPRESSION;
        long unsupported = incompatibleFeatures & ~known;
        if (unsupported != 0) {
            List<String> names = new ArrayList<>();
            for (int bit = 0; bit < 64; bit++) {
                if ((unsupported & (1L << bit)) != 0) {
                    names.add(featureName(0, bit));
                }
            }
            throw new UnsupportedImage("Unsupported qcow2 feature(s): " + String.join(", ", names));
        }
        if ((incompatibleFeatures & INCOMPAT_COMPRESSION) != 0 && compressionType != 0 && compressionType != 1) {
            throw new UnsupportedImage("Unknown compression type " + compressionType);
        }
    }

    private String featureName(int type, int bit) {
        for (FeatureName f : featureNames) {
            if (f.type == type && f.bit == bit) {
                return f.name;
            }
        }
        return "Unknown incompatible feature: " + Long.toHexString(1L << bit);
    }

    /** The header cluster's bytes as qemu 7.2 writes them: fields, extensions, end marker, backing name. */
    public byte[] encode(int clusterSize) {
        ByteBuffer b = ByteBuffer.allocate(clusterSize);
        int fixed = version == 3 ? V3_LENGTH : V2_LENGTH;
        b.position(fixed);
        if (backingFormat != null) {
            putExtension(b, EXT_BACKING_FORMAT, backingFormat.getBytes(StandardCharsets.UTF_8));
        }
        if (cryptoHeaderOffset != 0) {
            ByteBuffer fde = ByteBuffer.allocate(16).putLong(cryptoHeaderOffset).putLong(cryptoHeaderLength);
            putExtension(b, EXT_CRYPTO_HEADER, fde.array());
        }
        // qemu 7.2 leaves the feature name table out of small header clusters (observed: <= 4 KiB)
        if (version == 3 && clusterSize > 4096) {
            putExtension(b, EXT_FEATURE_TABLE, featureTable());
        }
        for (RawExtension e : unknownExtensions) {
            putExtension(b, e.type, e.data);
        }
        b.putInt(EXT_END).putInt(0);
        long backingOffset = 0;
        int backingSize = 0;
        if (backingFile != null) {
            byte[] name = backingFile.getBytes(StandardCharsets.UTF_8);
            if (name.length > MAX_BACKING_NAME || b.remaining() < name.length) {
                throw new UnsupportedImage("Backing file name too long");
            }
            backingOffset = b.position();
            backingSize = name.length;
            b.put(name);
        }
        b.putInt(0, MAGIC).putInt(4, version).putLong(8, backingOffset).putInt(16, backingSize)
                .putInt(20, clusterBits).putLong(24, size).putInt(32, cryptMethod).putInt(36, l1Size)
                .putLong(40, l1TableOffset).putLong(48, refcountTableOffset).putInt(56, refcountTableClusters)
                .putInt(60, nbSnapshots).putLong(64, snapshotsOffset);
        if (version == 3) {
            b.putLong(72, incompatibleFeatures).putLong(80, compatibleFeatures).putLong(88, autoclearFeatures)
                    .putInt(96, refcountOrder).putInt(100, V3_LENGTH).put(104, (byte) compressionType);
        }
        byte[] out = new byte[b.position()];
        System.arraycopy(b.array(), 0, out, 0, out.length);
        return out;
    }

    private static void putExtension(ByteBuffer b, int type, byte[] data) {
        int padded = (data.length + 7) & ~7;
        if (b.remaining() < 8 + padded + 8) {
            throw new UnsupportedImage("qcow2 header extensions do not fit in one cluster");
        }
        b.putInt(type).putInt(data.length).put(data);
        b.position(b.position() + padded - data.length);
    }

    private static byte[] featureTable() {
        String[][] entries = {
            {"0", "0", "dirty bit"}, {"0", "1", "corrupt bit"}, {"0", "2", "external data file"},
            {"0", "3", "compression type"}, {"0", "4", "extended L2 entries"}, {"1", "0", "lazy refcounts"},
            {"2", "0", "bitmaps"}, {"2", "1", "raw external data"}};
        ByteBuffer t = ByteBuffer.allocate(entries.length * 48);
        for (int i = 0; i < entries.length; i++) {
            t.put(i * 48, (byte) Integer.parseInt(entries[i][0]));
            t.put(i * 48 + 1, (byte) Integer.parseInt(entries[i][1]));
            byte[] name = entries[i][2].getBytes(StandardCharsets.US_ASCII);
            t.put(i * 48 + 2, name);
        }
        return t.array();
    }
}

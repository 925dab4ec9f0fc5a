package org.novalab.image.inspect;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.function.Consumer;
import java.util.zip.Deflater;

/**
 * Hand-made images for the safety gate's tests, each as the format's spec lays it out, generated (never kept as
 * binaries): headers of every format, and whole crafted qcow2 images ({@link #hostileQcow2()}) built on
 * {@link CraftedQcow2}.
 */
public final class CraftedImages {
    private CraftedImages() {
    }

    /**
     * A valid qcow2 (header, refcount table and block, L1 table; no data) whose header then gets what an attacker
     * would add: a backing file name at offset 4096 of the header cluster, the external data file bit, a data file
     * name extension.
     */
    public static byte[] qcow2(long virtualSize, String backingFile, boolean dataFileBit, String dataFileExtension) {
        CraftedQcow2.Built image = CraftedQcow2.of(virtualSize).build();
        ByteBuffer b = image.edit();
        b.putLong(72, dataFileBit ? 4 : 0);
        int ext = 112;
        if (dataFileExtension != null) {
            byte[] name = dataFileExtension.getBytes(StandardCharsets.UTF_8);
            b.putInt(ext, 0x44415441);
            b.putInt(ext + 4, name.length);
            b.put(ext + 8, name);
            ext += 8 + ((name.length + 7) & ~7);
        }
        b.putInt(ext, 0);
        b.putInt(ext + 4, 0);
        if (backingFile != null) {
            byte[] name = backingFile.getBytes(StandardCharsets.UTF_8);
            int offset = 4096;
            b.putLong(8, offset);
            b.putInt(16, name.length);
            b.put(offset, name);
        }
        return image.bytes();
    }

    public static byte[] qcow2(long virtualSize) {
        return qcow2(virtualSize, null, false, null);
    }

    /**
     * A crafted image, what refuses it and in which words, and what {@code qemu-img check} prints of it (case aside;
     * {@code null} where QEMU's check finds nothing wrong: the image is valid qcow2, and still no base image).
     */
    public record Hostile(String name, byte[] image, RefusedBy refusedBy, String refusal, String qemuImgCheck) {
        public enum RefusedBy { SAFETY_GATE, CONVERSION_LIMIT }

        @Override
        public String toString() {
            return name;
        }
    }

    static final long GIB = 1L << 30;
    private static final long COPIED = 1L << 63;
    private static final long COMPRESSED = 1L << 62;
    private static final long BEYOND_THE_FILE = 16L << 20;

    /** Every crafted qcow2 of issue 15's hostile tests, each with the refusal it must get. */
    public static List<Hostile> hostileQcow2() {
        Hostile.RefusedBy gate = Hostile.RefusedBy.SAFETY_GATE;
        return List.of(
                new Hostile("guest data compressed into the header cluster", qcow2DataInHeaderCluster(), gate,
                        "overlaps with qcow2_header", "ERROR cluster 0 refcount=1 reference=2"),
                new Hostile("guest data at an unaligned offset in the header cluster", qcow2DataAt(0x200), gate,
                        "onto host offset 0x200, which is not cluster aligned",
                        "Data cluster is not properly aligned; L2 entry corrupted"),
                new Hostile("guest data on the refcount table", qcow2DataAt(CraftedQcow2.REFCOUNT_TABLE), gate,
                        "overlaps with refcount table", "ERROR cluster 1 refcount=1 reference=2"),
                new Hostile("guest data on the refcount block", qcow2DataAt(CraftedQcow2.REFCOUNT_BLOCK), gate,
                        "overlaps with refcount block", "ERROR cluster 2 refcount=1 reference=2"),
                new Hostile("guest data on the L1 table", qcow2DataAt(CraftedQcow2.L1_TABLE), gate,
                        "overlaps with active L1 table", "ERROR cluster 3 refcount=1 reference=2"),
                new Hostile("guest data on its own L2 table", qcow2DataAt(4L * CraftedQcow2.CLUSTER_SIZE), gate,
                        "overlaps with active L2 table", "ERROR cluster 4 refcount=1 reference=2"),
                new Hostile("guest data past the end of the file", qcow2DataAt(BEYOND_THE_FILE), gate,
                        "onto host offset 0x1000000, which exceeds the end of the file",
                        "region exceeding the end of the file"),
                new Hostile("the L1 table on the refcount table", qcow2L1TableAt(CraftedQcow2.REFCOUNT_TABLE), gate,
                        "active L1 table at offset 0x10000 overlaps with refcount table",
                        "ERROR cluster 1 refcount=1 reference=2"),
                new Hostile("the refcount table on the header", qcow2RefcountTableAt(0), gate,
                        "refcount table at offset 0x0 overlaps with qcow2_header",
                        "ERROR refcount table entry 0 has reserved bits set"),
                new Hostile("an L2 table on the L1 table", qcow2L2TableAt(CraftedQcow2.L1_TABLE), gate,
                        "active L2 table (L1 index 0) at offset 0x30000 overlaps with active L1 table",
                        "ERROR cluster 3 refcount=1 reference=3"),
                new Hostile("an L2 table past the end of the file", qcow2L2TableAt(BEYOND_THE_FILE), gate,
                        "active L2 table (L1 index 0) at offset 0x1000000 exceeds the end of the file",
                        "region exceeding the end of the file"),
                new Hostile("a refcount block past the end of the file", qcow2RefcountBlockAt(BEYOND_THE_FILE), gate,
                        "refcount block 1 at 0x1000000 is outside image", "ERROR refcount block 1 is outside image"),
                new Hostile("65535 internal snapshots in a table past the end of the file", qcow2Snapshots(65535),
                        gate, "snapshot table (65535 entries at offset 0x60000) exceeds the end of the file",
                        "region exceeding the end of the file"),
                new Hostile("65537 internal snapshots, one more than QEMU allows", qcow2Snapshots(65537), gate,
                        "Snapshot table too large (65537 entries; QEMU allows 65536)", "snapshot table too large"),
                new Hostile("an L1 table larger than QEMU's 32 MiB", qcow2L1Size((32 << 20) / 8 + 1), gate,
                        "Active L1 table too large", "Active L1 table too large"),
                new Hostile("a refcount table larger than QEMU's 8 MiB", qcow2RefcountTableClusters(129), gate,
                        "Reference count table too large", "Reference count table too large"),
                new Hostile("an incompatible feature QEMU does not know", qcow2IncompatibleFeatures(1L << 5), gate,
                        "Unsupported qcow2 feature(s): Unknown incompatible feature: 20", "Unknown incompatible feature: 20"),
                new Hostile("a virtual size of 2^63 bytes", qcow2VirtualSize(1L << 63), gate,
                        "has virtual size 9223372036854775808 bytes", "Image is too big"),
                new Hostile("a version 2 zero flag over the header cluster", qcow2Version2ZeroFlag(), gate,
                        "with the zero flag: Zero cluster entry found in pre-v3 image", null),
                new Hostile("a 384 KiB disk-fill bomb of 4 GiB", qcow2DiskFillBomb(), Hostile.RefusedBy.CONVERSION_LIMIT,
                        "beyond max_conversion_ratio", null));
    }

    /** A 1 GiB qcow2 whose guest cluster 0 holds a boot sector (cluster 5), as QEMU would lay it out. */
    private static CraftedQcow2.Built bootable(int version) {
        CraftedQcow2 image = CraftedQcow2.of(GIB).version(version);
        return image.map(0, image.data(raw(512))).build();
    }

    /** The bootable image with the one edit a crafted case makes, its refcounts left as they were. */
    private static byte[] edited(int version, Consumer<CraftedQcow2.Built> edit) {
        CraftedQcow2.Built image = bootable(version);
        edit.accept(image);
        return image.bytes();
    }

    /** Guest cluster 1's L2 entry points at {@code hostOffset}. */
    public static byte[] qcow2DataAt(long hostOffset) {
        return edited(3, image -> image.edit().putLong(image.l2Entry(1), COPIED | hostOffset));
    }

    /**
     * Guest cluster 1 is a compressed cluster whose deflate data sits at 0x1000, in the header cluster's unused
     * space: QEMU and novalab read it (a boot sector hidden in the header), and qemu-img check counts cluster 0
     * twice.
     */
    public static byte[] qcow2DataInHeaderCluster() {
        Deflater deflater = new Deflater(Deflater.BEST_COMPRESSION, true);
        deflater.setInput(Arrays.copyOf(raw(512), CraftedQcow2.CLUSTER_SIZE));
        deflater.finish();
        byte[] packed = new byte[4096];
        int length = deflater.deflate(packed);
        deflater.end();
        int at = 0x1000;
        long sectors = (at + length + 511) / 512 - at / 512;
        long shift = 62 - (CraftedQcow2.CLUSTER_BITS - 8);
        return edited(3, image -> image.edit().put(at, packed, 0, length)
                .putLong(image.l2Entry(1), COMPRESSED | (sectors - 1) << shift | at));
    }

    public static byte[] qcow2L1TableAt(long offset) {
        return edited(3, image -> image.edit().putLong(40, offset));
    }

    public static byte[] qcow2RefcountTableAt(long offset) {
        return edited(3, image -> image.edit().putLong(48, offset));
    }

    /** L1 entry 0 points at {@code offset} instead of its L2 table. */
    public static byte[] qcow2L2TableAt(long offset) {
        return edited(3, image -> image.edit().putLong((int) CraftedQcow2.L1_TABLE, COPIED | offset));
    }

    /** Refcount table entry 1 points at a second refcount block at {@code offset}. */
    public static byte[] qcow2RefcountBlockAt(long offset) {
        return edited(3, image -> image.edit().putLong((int) CraftedQcow2.REFCOUNT_TABLE + 8, offset));
    }

    /** The header claims {@code count} internal snapshots in a table at the end of the file: no entry is there. */
    public static byte[] qcow2Snapshots(int count) {
        return edited(3, image -> image.edit().putInt(60, count).putLong(64, image.bytes().length));
    }

    public static byte[] qcow2L1Size(int entries) {
        return edited(3, image -> image.edit().putInt(36, entries));
    }

    public static byte[] qcow2RefcountTableClusters(int clusters) {
        return edited(3, image -> image.edit().putInt(56, clusters));
    }

    public static byte[] qcow2IncompatibleFeatures(long bits) {
        return edited(3, image -> image.edit().putLong(72, bits));
    }

    /** A header whose virtual size field says {@code size} (unsigned): 2^63 and more is negative as a long. */
    public static byte[] qcow2VirtualSize(long size) {
        return edited(3, image -> image.edit().putLong(24, size));
    }

    /**
     * A version 2 qcow2 whose guest cluster 1 has the zero flag and no host offset: version 2 has no zero clusters
     * (the spec keeps the bit 0). qemu-img check passes it, QEMU marks it corrupt when it reads the entry, and a
     * reader that takes the entry for data reads the header.
     */
    public static byte[] qcow2Version2ZeroFlag() {
        return edited(2, image -> image.edit().putLong(image.l2Entry(1), COPIED | 1));
    }

    /**
     * 384 KiB that expand to 4 GiB: the 8 L1 entries share one L2 table whose 8192 entries all map one data cluster,
     * with 32-bit refcounts that agree (qemu-img check finds no error; {@code qemu-img measure} says 4 GiB).
     */
    public static byte[] qcow2DiskFillBomb() {
        CraftedQcow2 image = CraftedQcow2.of(4 * GIB).refcountBits(32);
        int data = image.data(raw(CraftedQcow2.CLUSTER_SIZE));
        for (long guest = 0; guest < CraftedQcow2.CLUSTER_SIZE / 8; guest++) {
            image.map(guest, data);
        }
        for (long l1 = 1; l1 < 8; l1++) {
            image.shareL2(l1, 0);
        }
        return image.build().bytes();
    }

    /** A sparse VMDK extent with an embedded descriptor at sector 1. */
    public static byte[] vmdkSparse(long capacitySectors, String descriptor) {
        ByteBuffer b = ByteBuffer.allocate(64 * 1024).order(ByteOrder.LITTLE_ENDIAN);
        b.put(new byte[] {'K', 'D', 'M', 'V'});
        b.putInt(4, 1);
        b.putLong(12, capacitySectors);
        b.putLong(20, 128);
        b.putLong(28, 1);
        b.putLong(36, 20);
        b.put(512, descriptor.getBytes(StandardCharsets.US_ASCII));
        return b.array();
    }

    public static String descriptor(String createType, String... extentLines) {
        return "# Disk DescriptorFile\nversion=1\nCID=fffffffe\nparentCID=ffffffff\ncreateType=\"" + createType
                + "\"\n\n# Extent description\n" + String.join("\n", extentLines) + "\n\n# The Disk Data Base\n"
                + "ddb.virtualHWVersion = \"4\"\n";
    }

    /** A fixed VHD: data then the 512-byte "conectix" footer. */
    public static byte[] vhdFixed(int dataBytes, int diskType) {
        ByteBuffer b = ByteBuffer.allocate(dataBytes + 512).order(ByteOrder.BIG_ENDIAN);
        b.position(dataBytes);
        b.put("conectix".getBytes(StandardCharsets.US_ASCII));
        b.putLong(dataBytes + 48, dataBytes);
        b.putInt(dataBytes + 60, diskType);
        return b.array();
    }

    /** A VHDX with a region table pointing at a metadata region holding the virtual disk size. */
    public static byte[] vhdx(long virtualSize, boolean parentLocator) {
        ByteBuffer b = ByteBuffer.allocate(1 << 20).order(ByteOrder.LITTLE_ENDIAN);
        b.put("vhdxfile".getBytes(StandardCharsets.US_ASCII));
        int table = 192 * 1024;
        b.put(table, "regi".getBytes(StandardCharsets.US_ASCII));
        b.putInt(table + 8, 1);
        int metadata = 512 * 1024;
        b.put(table + 16, VhdxProbe.guidBytes(VhdxProbe.METADATA_REGION));
        b.putLong(table + 32, metadata);
        b.putInt(table + 40, 1 << 16);
        b.put(metadata, "metadata".getBytes(StandardCharsets.US_ASCII));
        b.putShort(metadata + 10, (short) (parentLocator ? 2 : 1));
        b.put(metadata + 32, VhdxProbe.guidBytes(VhdxProbe.VIRTUAL_DISK_SIZE));
        b.putInt(metadata + 48, 4096);
        b.putLong(metadata + 4096, virtualSize);
        if (parentLocator) {
            b.put(metadata + 64, VhdxProbe.guidBytes(VhdxProbe.PARENT_LOCATOR));
            b.putInt(metadata + 80, 8192);
        }
        return b.array();
    }

    public static byte[] luks() {
        byte[] b = new byte[4096];
        System.arraycopy(new byte[] {'L', 'U', 'K', 'S', (byte) 0xba, (byte) 0xbe, 0, 1}, 0, b, 0, 8);
        return b;
    }

    public static byte[] iso(int bytes) {
        byte[] b = new byte[bytes];
        b[0x8000] = 1;
        System.arraycopy("CD001".getBytes(StandardCharsets.US_ASCII), 0, b, 0x8001, 5);
        return b;
    }

    /** Bytes that look like nothing in particular: a raw disk. */
    public static byte[] raw(int bytes) {
        byte[] b = new byte[bytes];
        Arrays.fill(b, (byte) 0x61);
        b[510] = 0x55;
        b[511] = (byte) 0xaa;
        return b;
    }
}

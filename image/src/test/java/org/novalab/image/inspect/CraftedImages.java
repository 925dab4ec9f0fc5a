package org.novalab.image.inspect;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/** Hand-made image headers for the safety gate's tests, each as the format's spec lays it out. */
public final class CraftedImages {
    private CraftedImages() {
    }

    /** A qcow2 header in one 64 KiB cluster; options add what an attacker would. */
    public static byte[] qcow2(long virtualSize, String backingFile, boolean dataFileBit, String dataFileExtension) {
        ByteBuffer b = ByteBuffer.allocate(65536).order(ByteOrder.BIG_ENDIAN);
        b.put(new byte[] {'Q', 'F', 'I', (byte) 0xfb});
        b.putInt(4, 3);
        b.putInt(20, 16);
        b.putLong(24, virtualSize);
        b.putLong(72, dataFileBit ? 4 : 0);
        b.putInt(96, 4);
        b.putInt(100, 112);
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
        return b.array();
    }

    public static byte[] qcow2(long virtualSize) {
        return qcow2(virtualSize, null, false, null);
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

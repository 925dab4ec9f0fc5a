package org.novalab.image.inspect;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * VHDX ([MS-VHDX]): the virtual size lives in the metadata region, found through the region table at 192 KiB.
 * A parent locator item means a differencing disk (another file) and is refused.
 */
final class VhdxProbe implements FormatProbe {
    static final String MAGIC = "vhdxfile";
    static final long REGION_TABLE = 192 * 1024;
    static final UUID METADATA_REGION = UUID.fromString("8b7ca206-4790-4b9a-b8fe-575f050f886e");
    static final UUID VIRTUAL_DISK_SIZE = UUID.fromString("2fa54224-cd1b-4876-b211-5dbed83bf4b8");
    static final UUID PARENT_LOCATOR = UUID.fromString("a8d35f2d-b30b-454d-abf7-d3d84834ab0c");
    private static final int MAX_ENTRIES = 2047;

    @Override
    public Optional<Inspection> probe(Header h) throws IOException {
        if (!h.hasMagic(0, MAGIC)) {
            return Optional.empty();
        }
        List<String> problems = new ArrayList<>();
        long virtualSize = -1;
        long metadata = findRegion(h, METADATA_REGION);
        if (metadata < 0 || !h.hasMagic(metadata, "metadata")) {
            problems.add("its metadata region could not be found");
            return Optional.of(new Inspection(DetectedFormat.VHDX, 0, problems));
        }
        int entries = Math.min(h.u16le(metadata + 10), MAX_ENTRIES);
        for (int i = 0; i < entries; i++) {
            long entry = metadata + 32 + 32L * i;
            byte[] id = h.read(entry, 16);
            long itemOffset = h.u32le(entry + 16);
            if (Arrays.equals(id, guidBytes(VIRTUAL_DISK_SIZE))) {
                virtualSize = h.u64le(metadata + itemOffset);
            } else if (Arrays.equals(id, guidBytes(PARENT_LOCATOR))) {
                problems.add("it is a differencing VHDX whose parent is another file");
            }
        }
        if (virtualSize < 0) {
            problems.add("its virtual size could not be found");
            virtualSize = 0;
        }
        return Optional.of(new Inspection(DetectedFormat.VHDX, virtualSize, problems));
    }

    private static long findRegion(Header h, UUID region) throws IOException {
        if (!h.hasMagic(REGION_TABLE, "regi")) {
            return -1;
        }
        long count = Math.min(h.u32le(REGION_TABLE + 8), MAX_ENTRIES);
        for (int i = 0; i < count; i++) {
            long entry = REGION_TABLE + 16 + 32L * i;
            if (Arrays.equals(h.read(entry, 16), guidBytes(region))) {
                return h.u64le(entry + 16);
            }
        }
        return -1;
    }

    /** A GUID as Microsoft stores it: the first three fields little-endian, the rest as written. */
    static byte[] guidBytes(UUID uuid) {
        byte[] b = new byte[16];
        long msb = uuid.getMostSignificantBits();
        long lsb = uuid.getLeastSignificantBits();
        int d1 = (int) (msb >>> 32);
        short d2 = (short) (msb >>> 16);
        short d3 = (short) msb;
        b[0] = (byte) d1;
        b[1] = (byte) (d1 >>> 8);
        b[2] = (byte) (d1 >>> 16);
        b[3] = (byte) (d1 >>> 24);
        b[4] = (byte) d2;
        b[5] = (byte) (d2 >>> 8);
        b[6] = (byte) d3;
        b[7] = (byte) (d3 >>> 8);
        for (int i = 0; i < 8; i++) {
            b[8 + i] = (byte) (lsb >>> (56 - 8 * i));
        }
        return b;
    }
}

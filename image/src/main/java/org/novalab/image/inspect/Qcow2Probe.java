package org.novalab.image.inspect;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * qcow2 (QEMU's docs/interop/qcow2.txt): refuses a backing file (offset 8), the external data file feature
 * (incompatible bit 2) and the data file name extension (0x44415441): each would make QEMU open another file.
 * Then reads the image as QEMU's checks do: a header QEMU would not open ({@link Qcow2Limits}), and metadata that
 * overlaps, lies past the end of the file or has guest data mapped onto it ({@link Qcow2Layout}).
 */
final class Qcow2Probe implements FormatProbe {
    static final byte[] MAGIC = {'Q', 'F', 'I', (byte) 0xfb};
    static final long EXT_END = 0;
    static final long EXT_DATA_FILE = 0x44415441L;
    private static final int MAX_EXTENSIONS = 64;

    @Override
    public Optional<Inspection> probe(Header h) throws IOException {
        if (!h.hasMagic(0, MAGIC)) {
            return Optional.empty();
        }
        List<String> problems = new ArrayList<>();
        Qcow2Fields f = Qcow2Fields.read(h);
        long version = f.version();
        long virtualSize = f.size();
        if (version != 2 && version != 3) {
            problems.add("unsupported qcow2 version " + version);
            return Optional.of(new Inspection(DetectedFormat.QCOW2, virtualSize, problems));
        }
        long backingOffset = f.backingFileOffset();
        if (backingOffset != 0) {
            long length = Math.min(f.backingFileSize(), 1023);
            problems.add("it has a backing file ('" + h.ascii(backingOffset, (int) length) + "')");
        }
        boolean dataFile = (f.incompatibleFeatures() & Qcow2Fields.INCOMPAT_DATA_FILE) != 0;
        if (dataFile) {
            problems.add("it stores its data in an external data file (incompatible feature bit 2)");
        }
        long headerLength = f.headerLength();
        long clusterSize = 1L << Math.min(f.clusterBits(), 30);
        long offset = headerLength;
        for (int i = 0; i < MAX_EXTENSIONS && offset + 8 <= Math.min(clusterSize, h.size()); i++) {
            long type = h.u32be(offset);
            long length = h.u32be(offset + 4);
            if (type == EXT_END) {
                break;
            }
            if (type == EXT_DATA_FILE) {
                problems.add("it names an external data file ('" + h.ascii(offset + 8, (int) Math.min(length, 1023))
                        + "')");
            }
            offset += 8 + ((length + 7) & ~7L);
        }
        var unopenable = Qcow2Limits.violation(f);
        if (unopenable.isPresent()) {
            problems.add(unopenable.get());
        } else if (!dataFile) {
            // with an external data file, the L2 tables point into that file, not this one
            problems.addAll(Qcow2Layout.problems(h, f));
        }
        return Optional.of(new Inspection(DetectedFormat.QCOW2, virtualSize, problems));
    }
}

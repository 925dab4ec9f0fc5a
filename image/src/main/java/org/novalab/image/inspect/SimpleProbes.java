package org.novalab.image.inspect;

import java.io.IOException;
import java.util.List;
import java.util.Optional;

/** Formats recognised by their magic alone, each refused or accepted as a whole. */
final class SimpleProbes {
    private SimpleProbes() {
    }

    /** LUKS1/LUKS2 containers: never a base image (the key would be needed, and Nova refuses them). */
    static final FormatProbe LUKS = h -> h.hasMagic(0, new byte[] {'L', 'U', 'K', 'S', (byte) 0xba, (byte) 0xbe})
            ? Optional.of(new Inspection(DetectedFormat.LUKS, h.size(), List.of("it is a LUKS container")))
            : Optional.empty();

    /** VirtualBox VDI: signature 0xbeda107f at 0x40, disk size at 0x170. */
    static final FormatProbe VDI = h -> h.size() >= 0x178 && h.u32le(0x40) == 0xbeda107fL
            ? Optional.of(Inspection.safe(DetectedFormat.VDI, h.u64le(0x170)))
            : Optional.empty();

    /** QED: "QED\0"; feature bit 0 is a backing file. */
    static final FormatProbe QED = h -> {
        if (!h.hasMagic(0, new byte[] {'Q', 'E', 'D', 0})) {
            return Optional.empty();
        }
        List<String> problems = (h.u64le(16) & 1) != 0 ? List.of("it has a backing file") : List.of();
        return Optional.of(new Inspection(DetectedFormat.QED, h.u64le(48), problems));
    };

    /** ISO 9660: "CD001" in the first volume descriptor (sector 16 of 2048-byte sectors). */
    static final FormatProbe ISO = h -> hasIso(h)
            ? Optional.of(Inspection.safe(DetectedFormat.ISO, h.size()))
            : Optional.empty();

    private static boolean hasIso(Header h) throws IOException {
        for (long offset : new long[] {0x8001, 0x8801, 0x9001}) {
            if (h.hasMagic(offset, "CD001")) {
                return true;
            }
        }
        return false;
    }
}

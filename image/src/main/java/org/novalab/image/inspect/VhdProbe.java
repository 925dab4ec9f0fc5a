package org.novalab.image.inspect;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * VHD (vpc): the 512-byte "conectix" footer, copied at offset 0 for dynamic disks. A differencing disk (type 4)
 * has a parent in another file and is refused.
 */
final class VhdProbe implements FormatProbe {
    static final String MAGIC = "conectix";
    static final long TYPE_DIFFERENCING = 4;

    @Override
    public Optional<Inspection> probe(Header h) throws IOException {
        long footer;
        if (h.hasMagic(0, MAGIC)) {
            footer = 0;
        } else if (h.size() >= 512 && h.hasMagic(h.size() - 512, MAGIC)) {
            footer = h.size() - 512;
        } else {
            return Optional.empty();
        }
        List<String> problems = new ArrayList<>();
        if (h.u32be(footer + 60) == TYPE_DIFFERENCING) {
            problems.add("it is a differencing VHD whose parent is another file");
        }
        return Optional.of(new Inspection(DetectedFormat.VHD, h.u64be(footer + 48), problems));
    }
}

package org.novalab.image.inspect;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Finds an image's real format from its headers alone (like Nova's format_inspector): every probe looks; no
 * match means raw; more than one non-ISO match (a polyglot built to fool one reader) is reported unsafe.
 */
public final class FormatInspector {
    private static final List<FormatProbe> PROBES = List.of(new Qcow2Probe(), new VmdkProbe(), new VhdxProbe(),
            new VhdProbe(), SimpleProbes.VDI, SimpleProbes.QED, SimpleProbes.LUKS, SimpleProbes.ISO);

    private FormatInspector() {
    }

    public static Inspection inspect(Path file) throws IOException {
        try (ImageBytes bytes = ImageBytes.of(file)) {
            return inspect(bytes);
        }
    }

    public static Inspection inspect(ImageBytes bytes) throws IOException {
        Header header = new Header(bytes);
        List<Inspection> matches = new ArrayList<>();
        for (FormatProbe probe : PROBES) {
            Optional<Inspection> found = probe.probe(header);
            found.ifPresent(matches::add);
        }
        if (matches.isEmpty()) {
            return Inspection.safe(DetectedFormat.RAW, header.size());
        }
        List<Inspection> nonIso = matches.stream().filter(m -> m.format() != DetectedFormat.ISO).toList();
        if (nonIso.size() > 1) {
            Inspection first = nonIso.get(0);
            List<String> problems = new ArrayList<>(first.safetyProblems());
            problems.add("it matches several formats at once " + nonIso.stream().map(m -> m.format().glanceName())
                    .toList());
            return withSignedSize(new Inspection(first.format(), first.virtualSize(), problems));
        }
        return withSignedSize(nonIso.isEmpty() ? matches.get(0) : nonIso.get(0));
    }

    /**
     * Headers store sizes as unsigned 64-bit numbers; one of 2^63 or more is negative as a Java (or Glance, or
     * Python struct 'q') number and would slip past every "larger than" check, so it is a problem in itself.
     */
    private static Inspection withSignedSize(Inspection inspection) {
        if (inspection.virtualSize() >= 0) {
            return inspection;
        }
        List<String> problems = new ArrayList<>(inspection.safetyProblems());
        problems.add("its virtual size of " + Long.toUnsignedString(inspection.virtualSize())
                + " bytes is 2^63 bytes or more");
        return new Inspection(inspection.format(), inspection.virtualSize(), problems);
    }
}

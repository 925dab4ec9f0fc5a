package org.novalab.image.inspect;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * VMDK: a sparse extent with an embedded descriptor is allowed when it is monolithicSparse or streamOptimized and
 * its descriptor names exactly one SPARSE extent (itself). Anything that names other files (flat extents, split
 * sparse files, a bare descriptor file) is refused, as Nova does.
 */
final class VmdkProbe implements FormatProbe {
    static final String MAGIC = "KDMV";
    static final String DESCRIPTOR_FILE = "# Disk DescriptorFile";
    private static final long MAX_DESCRIPTOR = 1 << 20;
    private static final Pattern CREATE_TYPE = Pattern.compile("(?m)^\\s*createType\\s*=\\s*\"([^\"]*)\"");
    private static final Pattern EXTENT =
            Pattern.compile("(?m)^\\s*(RW|RDONLY|NOACCESS)\\s+(\\d+)\\s+(\\S+)(?:\\s+\"([^\"]*)\")?");

    @Override
    public Optional<Inspection> probe(Header h) throws IOException {
        if (h.hasMagic(0, DESCRIPTOR_FILE)) {
            String text = h.ascii(0, (int) Math.min(h.size(), MAX_DESCRIPTOR));
            List<String> problems = new ArrayList<>();
            problems.add("it is a VMDK descriptor file whose data lives in other files " + extentFiles(text));
            return Optional.of(new Inspection(DetectedFormat.VMDK, sizeOfExtents(text), problems));
        }
        if (!h.hasMagic(0, MAGIC)) {
            return Optional.empty();
        }
        long virtualSize = h.u64le(12) * 512;
        long descriptorOffset = h.u64le(28) * 512;
        long descriptorSize = h.u64le(36) * 512;
        List<String> problems = new ArrayList<>();
        if (descriptorOffset == 0 || descriptorSize == 0) {
            problems.add("it has no embedded descriptor");
            return Optional.of(new Inspection(DetectedFormat.VMDK, virtualSize, problems));
        }
        String text = h.ascii(descriptorOffset, (int) Math.min(descriptorSize, MAX_DESCRIPTOR));
        int nul = text.indexOf('\0');
        if (nul >= 0) {
            text = text.substring(0, nul);
        }
        Matcher type = CREATE_TYPE.matcher(text);
        String createType = type.find() ? type.group(1) : "";
        if (!createType.equals("monolithicSparse") && !createType.equals("streamOptimized")) {
            problems.add("its createType '" + createType + "' is not monolithicSparse or streamOptimized");
        }
        Matcher extent = EXTENT.matcher(text);
        int extents = 0;
        while (extent.find()) {
            extents++;
            if (!extent.group(3).equals("SPARSE")) {
                problems.add("its descriptor names a " + extent.group(3) + " extent in another file ('"
                        + extent.group(4) + "')");
            }
        }
        if (extents != 1) {
            problems.add("its descriptor names " + extents + " extents " + extentFiles(text)
                    + " where a single-file VMDK has exactly one");
        }
        return Optional.of(new Inspection(DetectedFormat.VMDK, virtualSize, problems));
    }

    private static String extentFiles(String text) {
        List<String> files = new ArrayList<>();
        Matcher m = EXTENT.matcher(text);
        while (m.find()) {
            files.add(m.group(4));
        }
        return files.toString();
    }

    private static long sizeOfExtents(String text) {
        long sectors = 0;
        Matcher m = EXTENT.matcher(text);
        while (m.find()) {
            sectors += Long.parseLong(m.group(2));
        }
        return sectors * 512;
    }
}

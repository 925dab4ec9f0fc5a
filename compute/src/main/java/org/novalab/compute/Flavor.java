package org.novalab.compute;

import java.util.Map;

/** A Nova flavor: {@code rootGb == 0} means "as large as the image", like Nova. */
public record Flavor(String id, String name, int vcpus, int ramMb, int rootGb, Map<String, String> extraSpecs) {
    public static final long GIB = 1L << 30;

    public Flavor {
        if (vcpus < 1 || ramMb < 1 || rootGb < 0) {
            throw new InvalidRequest("flavor " + name + ": vcpus and ram must be positive, root disk >= 0");
        }
        extraSpecs = extraSpecs == null ? Map.of() : Map.copyOf(extraSpecs);
    }

    public long rootBytes() {
        return rootGb * GIB;
    }
}

package org.novalab.disk.interop;

import java.util.Arrays;
import java.util.stream.Stream;

/** One cell of the interop matrix: a scenario at a cluster size. */
public record MatrixCase(Scenario scenario, int clusterSize) {
    /** qcow2's default, its smallest and its largest cluster size. */
    public static final int[] CLUSTER_SIZES = {65536, 512, 2 * 1024 * 1024};

    public static Stream<MatrixCase> all() {
        return Arrays.stream(Scenario.values())
                .flatMap(s -> Arrays.stream(CLUSTER_SIZES).mapToObj(size -> new MatrixCase(s, size)));
    }

    public static Stream<MatrixCase> encrypted() {
        return all().filter(c -> c.scenario().encryption() != null);
    }

    /** A directory name for the case's files. */
    public String slug() {
        return scenario.name().toLowerCase(java.util.Locale.ROOT) + "-" + clusterSize;
    }

    @Override
    public String toString() {
        String size = clusterSize >= 1 << 20 ? (clusterSize >> 20) + " MiB"
                : clusterSize >= 1024 ? (clusterSize >> 10) + " KiB" : clusterSize + " B";
        return scenario + ", " + size + " clusters";
    }
}

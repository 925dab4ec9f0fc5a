package org.novalab.disk.interop;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.SplittableRandom;
import org.novalab.fixture.FixtureGuest;

/**
 * A small deterministic guest disk for interop tests: the fixture's boot sector and banner at the start,
 * pseudo-random filler, and zero holes (a whole 2 MiB-aligned range, plus an unaligned run) so zero-cluster
 * handling is exercised at every cluster size.
 */
public final class SampleDisk {
    /** 6 MiB: three 2 MiB clusters, so the largest cluster size still has a hole and a partial one. */
    public static final int SIZE = 6 * 1024 * 1024;
    private static final byte[] BYTES = build();

    private SampleDisk() {
    }

    public static byte[] bytes() {
        return BYTES.clone();
    }

    public static Path write(Path file) {
        try {
            Files.write(file, BYTES);
            return file;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static byte[] build() {
        byte[] disk = new byte[SIZE];
        new SplittableRandom(20161026L).nextBytes(disk);
        System.arraycopy(FixtureGuest.bootSector(), 0, disk, 0, FixtureGuest.SECTOR);
        byte[] banner = FixtureGuest.bannerSectors();
        System.arraycopy(banner, 0, disk, (int) FixtureGuest.BANNER_LBA * FixtureGuest.SECTOR, banner.length);
        java.util.Arrays.fill(disk, 2 * 1024 * 1024, 4 * 1024 * 1024, (byte) 0);  // a whole 2 MiB cluster
        java.util.Arrays.fill(disk, 4_500_000, 4_700_000, (byte) 0);             // unaligned, inside a cluster
        java.util.Arrays.fill(disk, SIZE - 70_000, SIZE, (byte) 0);              // a zero tail
        return disk;
    }
}

package org.novalab.bench;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Comparator;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.novalab.disk.CreateOptions;
import org.novalab.disk.Disks;
import org.novalab.disk.ImageFormat;
import org.novalab.disk.KeyLookup;
import org.novalab.disk.qcow2.Qcow2Image;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/**
 * Guest offset to host cluster through the L1 and L2 tables ({@code Qcow2Image.extent}, what every guest read and
 * write starts with): a 4 GiB qcow2 written by novalab's convert with a data cluster every 64 clusters, so eight L2
 * tables are in use and a random offset finds data or a hole. Random offsets over the whole disk, then a sequential
 * walk (what a guest's boot or a convert does).
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class L2LookupBench {
    private static final long SIZE = 4L << 30;
    private static final int CLUSTER = 65536;

    private Path dir;
    private Qcow2Image image;
    private final SplittableRandom random = new SplittableRandom(4);
    private long next;

    @Setup(Level.Trial)
    public void setUp() throws IOException {
        dir = Files.createTempDirectory("novalab-jmh-l2-");
        Path raw = dir.resolve("sparse.raw");
        try (FileChannel ch = FileChannel.open(raw, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
            for (long c = 0; c < SIZE / CLUSTER; c += 64) {
                ch.write(ByteBuffer.wrap(new byte[] {(byte) (c | 1)}), c * CLUSTER);
            }
            ch.truncate(SIZE);
            ch.write(ByteBuffer.allocate(1), SIZE - 1);
        }
        Path qcow2 = dir.resolve("image.qcow2");
        Disks.java().convert(raw, ImageFormat.RAW, KeyLookup.NONE, qcow2, CreateOptions.qcow2(SIZE));
        Files.delete(raw);
        image = Qcow2Image.open(qcow2, false);
    }

    @TearDown(Level.Trial)
    public void tearDown() throws IOException {
        image.close();
        try (Stream<Path> files = Files.walk(dir)) {
            for (Path p : files.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        }
    }

    @Benchmark
    public Object randomOffset() {
        long offset = random.nextLong(SIZE / 512) * 512;
        return image.extent(offset, CLUSTER);
    }

    @Benchmark
    public Object sequentialClusters() {
        long offset = next;
        next = (next + CLUSTER) % SIZE;
        return image.extent(offset, CLUSTER);
    }
}

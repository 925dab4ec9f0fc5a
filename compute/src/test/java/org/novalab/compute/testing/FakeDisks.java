package org.novalab.compute.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.concurrent.ConcurrentHashMap;
import org.novalab.compute.boot.GuestDiskOpener;
import org.novalab.compute.domain.DiskSource;
import org.novalab.disk.BlockDevice;
import org.novalab.disk.CheckReport;
import org.novalab.disk.CreateOptions;
import org.novalab.disk.DiskTool;
import org.novalab.disk.EncryptionFormat;
import org.novalab.disk.ImageFormat;
import org.novalab.disk.ImageInfo;
import org.novalab.disk.InvalidPassphrase;
import org.novalab.disk.KeyLookup;
import org.novalab.disk.MapEntry;
import org.novalab.disk.Passphrase;
import org.novalab.disk.PassphraseRequired;

/**
 * A test double of the disk library with the semantics the driver depends on, for fast driver tests: qcow2
 * images are kept in memory (the file holds a placeholder), clusters remember the key they were written with;
 * a LUKS image checks the key at open, a legacy AES image reads garbage with another key; unallocated clusters
 * fall through to the (real, raw) backing file.
 */
public final class FakeDisks implements DiskTool, GuestDiskOpener {
    private static final int CLUSTER = 65536;

    private static final class Image {
        final long size;
        final Path backing;
        final EncryptionFormat encryption;
        final byte[] keyDigest;
        final Map<Long, byte[]> clusters = new ConcurrentHashMap<>();
        final Map<Long, byte[]> writtenWith = new ConcurrentHashMap<>();

        Image(long size, Path backing, EncryptionFormat encryption, byte[] keyDigest) {
            this.size = size;
            this.backing = backing;
            this.encryption = encryption;
            this.keyDigest = keyDigest;
        }
    }

    private final Map<Path, Image> images = new ConcurrentHashMap<>();

    @Override
    public void create(Path image, CreateOptions options) {
        Path backing = options.backingFile() == null ? null : Path.of(options.backingFile());
        long size = options.size() > 0 ? options.size() : size(backing);
        register(image, new Image(size, backing, enc(options), digest(options)));
    }

    @Override
    public void convert(Path source, ImageFormat sourceFormat, KeyLookup sourceKeys, Path target, CreateOptions options) {
        long size = size(source);
        Image img = new Image(Math.max(size, options.size()), null, enc(options), digest(options));
        try (BlockDevice src = open(source, sourceKeys)) {
            for (long off = 0; off < size; off += CLUSTER) {
                ByteBuffer buf = ByteBuffer.allocate((int) Math.min(CLUSTER, size - off));
                src.read(off, buf);
                img.clusters.put(off / CLUSTER, isZero(buf.array()) ? new byte[0] : buf.array());
                img.writtenWith.put(off / CLUSTER, img.keyDigest == null ? new byte[0] : img.keyDigest);
            }
        }
        register(target, img);
    }

    @Override
    public void resize(Path image, long newSize, KeyLookup keys) {
        Image old = images.get(image.toAbsolutePath());
        Image grown = new Image(newSize, old.backing, old.encryption, old.keyDigest);
        grown.clusters.putAll(old.clusters);
        grown.writtenWith.putAll(old.writtenWith);
        images.put(image.toAbsolutePath(), grown);
    }

    @Override
    public ImageInfo info(Path image) {
        Image img = images.get(image.toAbsolutePath());
        String backing = img.backing == null ? null : img.backing.toString();
        return new ImageInfo(image.toString(), ImageFormat.QCOW2, img.size, (long) img.clusters.size() * CLUSTER,
                img.encryption != null, CLUSTER, backing, backing, backing == null ? null : ImageFormat.RAW, false,
                new java.util.LinkedHashMap<>());
    }

    @Override
    public CheckReport check(Path image, KeyLookup keys) {
        throw new UnsupportedOperationException();
    }

    @Override
    public List<MapEntry> map(Path image, KeyLookup keys) {
        throw new UnsupportedOperationException();
    }

    /** How many clusters the image holds itself (0 for a fresh overlay). */
    public int allocatedClusters(Path image) {
        return images.get(image.toAbsolutePath()).clusters.size();
    }

    @Override
    public BlockDevice open(org.novalab.compute.domain.DiskDefinition disk, KeyLookup keys) {
        return open(((DiskSource.File) disk.source()).path(), keys);
    }

    public BlockDevice open(Path path, KeyLookup keys) {
        Image img = images.get(path.toAbsolutePath());
        if (img == null) {
            return raw(path);
        }
        byte[] key = null;
        if (img.encryption != null) {
            Optional<Passphrase> p = keys.passphraseFor(path);
            if (p.isEmpty()) {
                throw new PassphraseRequired(path + " is encrypted");
            }
            try (Passphrase pp = p.get()) {
                key = sha(pp.bytes());
            }
            if (img.encryption == EncryptionFormat.LUKS && !Arrays.equals(key, img.keyDigest)) {
                throw new InvalidPassphrase("Invalid password, cannot unlock any keyslot");
            }
        }
        BlockDevice backing = img.backing == null ? null : open(img.backing, KeyLookup.NONE);
        return new Overlay(img, key == null ? new byte[0] : key, backing);
    }

    private static final class Overlay implements BlockDevice {
        private final Image img;
        private final byte[] key;
        private final BlockDevice backing;

        Overlay(Image img, byte[] key, BlockDevice backing) {
            this.img = img;
            this.key = key;
            this.backing = backing;
        }

        @Override
        public long size() {
            return img.size;
        }

        @Override
        public void read(long offset, ByteBuffer dst) {
            while (dst.hasRemaining()) {
                long c = offset / CLUSTER;
                int in = (int) (offset % CLUSTER);
                int n = Math.min(dst.remaining(), CLUSTER - in);
                byte[] chunk = new byte[n];
                byte[] data = img.clusters.get(c);
                if (data != null) {
                    if (Arrays.equals(img.writtenWith.get(c), key)) {
                        if (data.length > 0) {
                            System.arraycopy(data, in, chunk, 0, n);
                        }
                    } else {
                        new Random(Arrays.hashCode(key) * 31L + c).nextBytes(chunk);
                    }
                } else if (backing != null && offset < backing.size()) {
                    ByteBuffer b = ByteBuffer.wrap(chunk, 0, (int) Math.min(n, backing.size() - offset));
                    backing.read(offset, b);
                }
                dst.put(chunk);
                offset += n;
            }
        }

        @Override
        public void write(long offset, ByteBuffer src) {
            while (src.hasRemaining()) {
                long c = offset / CLUSTER;
                int in = (int) (offset % CLUSTER);
                int n = Math.min(src.remaining(), CLUSTER - in);
                ByteBuffer whole = ByteBuffer.allocate(CLUSTER);
                read(c * CLUSTER, whole);
                byte[] data = whole.array();
                src.get(data, in, n);
                img.clusters.put(c, data);
                img.writtenWith.put(c, key);
                offset += n;
            }
        }

        @Override
        public void flush() {
        }

        @Override
        public void close() {
            if (backing != null) {
                backing.close();
            }
        }
    }

    private static BlockDevice raw(Path path) {
        try {
            FileChannel ch = FileChannel.open(path, StandardOpenOption.READ);
            long size = ch.size();
            return new BlockDevice() {
                @Override
                public long size() {
                    return size;
                }

                @Override
                public void read(long offset, ByteBuffer dst) {
                    try {
                        long pos = offset;
                        while (dst.hasRemaining()) {
                            int n = ch.read(dst, pos);
                            if (n < 0) {
                                break;
                            }
                            pos += n;
                        }
                    } catch (IOException e) {
                        throw new UncheckedIOException(e);
                    }
                }

                @Override
                public void write(long offset, ByteBuffer src) {
                    throw new UnsupportedOperationException("read-only backing file");
                }

                @Override
                public void flush() {
                }

                @Override
                public void close() {
                    try {
                        ch.close();
                    } catch (IOException ignored) {
                    }
                }
            };
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private long size(Path path) {
        Image img = images.get(path.toAbsolutePath());
        if (img != null) {
            return img.size;
        }
        try {
            return Files.size(path);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private void register(Path file, Image img) {
        try {
            Files.writeString(file, "fake qcow2 image\n");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        images.put(file.toAbsolutePath(), img);
    }

    private static EncryptionFormat enc(CreateOptions o) {
        return o.encryption() == null ? null : o.encryption().format();
    }

    private static byte[] digest(CreateOptions o) {
        return o.encryption() == null ? null : sha(o.encryption().passphrase().bytes());
    }

    private static byte[] sha(byte[] b) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(b);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        } finally {
            Arrays.fill(b, (byte) 0);
        }
    }

    private static boolean isZero(byte[] b) {
        for (byte x : b) {
            if (x != 0) {
                return false;
            }
        }
        return true;
    }
}

package org.novalab.image.digest;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Copies a stream while computing md5 and/or the multihash (sha512 by default), each digest on its own thread over
 * the same buffers the copy writes from, so hashing overlaps the I/O instead of adding to it (md5 and sha512
 * together cost about as much CPU as reading the bytes from the page cache). Chunks are large (1 MiB) and recycled
 * through a small pool. Even for one digest a thread of its own is kept rather than hashing inline in the copy:
 * measured side by side, the two tie when no core is free and the thread wins when one is (docs/performance.md,
 * "Fetch verification, as glanceclient does it").
 */
public final class DigestingCopy {
    public static final String DEFAULT_HASH_ALGO = "sha512";
    private static final int CHUNK = 1 << 20;
    private static final int CHUNKS = 8;

    private DigestingCopy() {
    }

    private static final class Chunk {
        final byte[] data = new byte[CHUNK];
        int length;
        final AtomicInteger pending = new AtomicInteger();
    }

    private static final Chunk END = new Chunk();

    /** Copies {@code in} to {@code out} until end of stream and returns the digests of what was copied. */
    public static ImageDigests copy(InputStream in, OutputStream out) throws IOException {
        return copy(in, out, DEFAULT_HASH_ALGO);
    }

    /**
     * @param hashAlgo Glance's name of the multihash algorithm ({@code sha512}, {@code sha384}, {@code sha256},
     *                 {@code md5})
     */
    public static ImageDigests copy(InputStream in, OutputStream out, String hashAlgo) throws IOException {
        return copy(in, out, true, hashAlgo);
    }

    /**
     * Copies {@code in} to {@code out} computing only the digests asked for: md5 when {@code md5} is set, the
     * multihash {@code hashAlgo} when it is not null. A digest not asked for is null in the result (a download
     * verifies one digest, the strongest its record carries, and should not pay for the other).
     */
    public static ImageDigests copy(InputStream in, OutputStream out, boolean md5, String hashAlgo)
            throws IOException {
        BlockingQueue<Chunk> free = new ArrayBlockingQueue<>(CHUNKS);
        for (int i = 0; i < CHUNKS; i++) {
            free.add(new Chunk());
        }
        Hasher md5Hasher = md5 ? new Hasher(newDigest("md5"), free, "md5") : null;
        Hasher multiHasher = hashAlgo == null ? null : new Hasher(newDigest(hashAlgo), free, hashAlgo);
        List<Hasher> hashers = new ArrayList<>(2);
        if (md5Hasher != null) {
            hashers.add(md5Hasher);
        }
        if (multiHasher != null) {
            hashers.add(multiHasher);
        }
        hashers.forEach(Hasher::start);
        long total = 0;
        try {
            while (true) {
                Chunk chunk = take(free);
                chunk.length = in.readNBytes(chunk.data, 0, CHUNK);
                if (chunk.length == 0) {
                    free.add(chunk);
                    break;
                }
                out.write(chunk.data, 0, chunk.length);
                total += chunk.length;
                if (hashers.isEmpty()) {
                    free.add(chunk);
                } else {
                    chunk.pending.set(hashers.size());
                    for (Hasher h : hashers) {
                        h.submit(chunk);
                    }
                }
                if (chunk.length < CHUNK) {
                    // readNBytes returns short only at end of stream.
                    break;
                }
            }
        } catch (IOException | RuntimeException e) {
            // the copy's own failure is the one to report; the hashers only have to stop
            for (Hasher h : hashers) {
                try {
                    h.finish();
                } catch (IOException suppressed) {
                    e.addSuppressed(suppressed);
                }
            }
            throw e;
        }
        for (Hasher h : hashers) {
            h.finish();
        }
        return new ImageDigests(total, md5Hasher == null ? null : md5Hasher.hex(),
                hashAlgo == null ? null : hashAlgo.toLowerCase(Locale.ROOT),
                multiHasher == null ? null : multiHasher.hex());
    }

    /** Digests of a whole stream, without copying it anywhere. */
    public static ImageDigests of(InputStream in) throws IOException {
        return copy(in, OutputStream.nullOutputStream());
    }

    public static MessageDigest newDigest(String glanceAlgo) {
        String java = switch (glanceAlgo.toLowerCase(Locale.ROOT)) {
            case "md5" -> "MD5";
            case "sha1" -> "SHA-1";
            case "sha256" -> "SHA-256";
            case "sha384" -> "SHA-384";
            case "sha512" -> "SHA-512";
            default -> throw new IllegalArgumentException("unsupported hash algorithm '" + glanceAlgo + "'");
        };
        try {
            return MessageDigest.getInstance(java);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(java + " missing from this JVM", e);
        }
    }

    private static Chunk take(BlockingQueue<Chunk> queue) throws IOException {
        try {
            return queue.take();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new java.io.InterruptedIOException("interrupted while copying");
        }
    }

    /** One digest, fed by its own thread from its own queue; hands each chunk back once every hasher saw it. */
    private static final class Hasher implements Runnable {
        private final MessageDigest digest;
        private final BlockingQueue<Chunk> free;
        private final BlockingQueue<Chunk> queue = new ArrayBlockingQueue<>(CHUNKS + 1);
        private final Thread thread;
        private final AtomicReference<Throwable> failure = new AtomicReference<>();

        Hasher(MessageDigest digest, BlockingQueue<Chunk> free, String name) {
            this.digest = digest;
            this.free = free;
            this.thread = new Thread(this, "digest-" + name);
            this.thread.setDaemon(true);
        }

        void start() {
            thread.start();
        }

        void submit(Chunk chunk) throws IOException {
            try {
                queue.put(chunk);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new java.io.InterruptedIOException("interrupted while hashing");
            }
        }

        @Override
        public void run() {
            try {
                while (true) {
                    Chunk chunk = queue.take();
                    if (chunk == END) {
                        return;
                    }
                    digest.update(chunk.data, 0, chunk.length);
                    if (chunk.pending.decrementAndGet() == 0) {
                        free.add(chunk);
                    }
                }
            } catch (Throwable t) {
                failure.set(t);
            }
        }

        void finish() throws IOException {
            try {
                queue.put(END);
                thread.join();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new java.io.InterruptedIOException("interrupted while hashing");
            }
            if (failure.get() != null) {
                throw new IOException("hashing failed: " + failure.get(), failure.get());
            }
        }

        String hex() {
            return HexFormat.of().formatHex(digest.digest());
        }
    }
}

package org.novalab.imagecache;

import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import org.novalab.disk.DiskException;
import org.novalab.disk.io.WritebackAhead;
import org.novalab.image.ImageRecord;
import org.novalab.image.digest.DigestingCopy;
import org.novalab.image.digest.ImageDigests;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One download attempt into a {@code .part} file, from byte 0: the size and the digests {@link FetchVerification}
 * picks (the multihash, or md5 when the record has none) are computed while streaming and compared with the image
 * record, then the file is fsynced. On any failure the part file is gone.
 */
final class VerifiedDownload {
    private static final Logger LOG = LoggerFactory.getLogger(VerifiedDownload.class);
    private final ImageSource source;
    private final CacheMetrics metrics;
    private final FetchVerification verification;

    VerifiedDownload(ImageSource source, CacheMetrics metrics, FetchVerification verification) {
        this.source = source;
        this.metrics = metrics;
        this.verification = verification;
    }

    /** The body ended before (or after) the size Glance recorded: a transfer failure, worth another attempt. */
    static final class WrongLength extends IOException {
        WrongLength(String message) {
            super(message);
        }
    }

    void into(ImageRecord record, Path part) throws IOException {
        String imageId = record.id();
        metrics.attempt();
        // A part file left by an earlier attempt or a crashed process is never trusted, never resumed.
        Files.deleteIfExists(part);
        String algo = verification.multihashOf(record);
        boolean md5 = verification.md5Of(record);
        if (algo != null) {
            try {
                DigestingCopy.newDigest(algo);
            } catch (IllegalArgumentException e) {
                // a multihash novalab cannot compute is refused, not skipped: the record says what the data must be
                throw new ImageFetchFailed("image " + imageId + " has os_hash_algo '" + algo + "', which novalab"
                        + " cannot verify (sha512, sha384, sha256, sha1, md5); download refused");
            }
        }
        try (InputStream in = source.open(imageId);
             FileChannel ch = FileChannel.open(part, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
            // Syncs what is written so far in the background, so the device works while the body streams in and
            // the final fsync only has the last few MiB left (it used to carry the whole image).
            WritebackAhead writeback = new WritebackAhead(part, ch);
            CountingOutput out = new CountingOutput(Channels.newOutputStream(ch), writeback);
            ImageDigests digests;
            try {
                digests = DigestingCopy.copy(in, out, md5, algo);
            } finally {
                metrics.received(out.count);
            }
            if (record.size() != null && digests.size() != record.size()) {
                throw new WrongLength("image " + imageId + ": received " + digests.size() + " bytes, Glance says "
                        + record.size());
            }
            if (md5) {
                verify(imageId, "md5 checksum", record.checksum(), digests.md5());
            }
            if (algo != null) {
                verify(imageId, algo + " hash", record.osHashValue(), digests.hashValue());
            }
            if (record.checksum() == null && record.osHashValue() == null) {
                LOG.warn("image {} has no checksum in Glance; stored unverified", imageId);
            }
            writeback.finish();
            ch.force(true);
        } catch (DiskException e) {
            Files.deleteIfExists(part);
            throw new IOException(e.getMessage(), e.getCause());
        } catch (IOException | RuntimeException e) {
            Files.deleteIfExists(part);
            throw e;
        }
    }

    private static void verify(String imageId, String what, String expected, String actual) {
        if (expected != null && !expected.equalsIgnoreCase(actual)) {
            throw new ImageFetchFailed("image " + imageId + " failed verification: " + what + " is " + actual
                    + ", Glance says " + expected + "; download discarded");
        }
    }

    private static final class CountingOutput extends FilterOutputStream {
        private final WritebackAhead writeback;
        long count;

        CountingOutput(OutputStream out, WritebackAhead writeback) {
            super(out);
            this.writeback = writeback;
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            out.write(b, off, len);
            count += len;
            writeback.wrote(len);
        }
    }
}

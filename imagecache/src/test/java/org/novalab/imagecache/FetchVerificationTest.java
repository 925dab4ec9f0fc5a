package org.novalab.imagecache;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.novalab.image.ImageRecord;
import org.novalab.imagecache.testing.CountingSource;
import org.novalab.imagecache.testing.TestImages;

/**
 * Which digests a fetch checks, as glanceclient decides: the multihash when the record has one, md5 only when it has
 * none, both only when asked. A wrong value of a digest that is checked refuses the image and leaves nothing in
 * {@code _base}; a wrong value of one that is not checked cannot be noticed, which is how the tests see that it was
 * not computed.
 */
class FetchVerificationTest {
    static final String ID = "7b7f83a7-2222-4333-8444-b979b0000002";
    static final String WRONG_MD5 = "0123456789abcdef0123456789abcdef";

    @TempDir
    Path instances;
    final byte[] data = TestImages.randomBytes(2 * 1024 * 1024 + 5, 11);
    final ImageRecord honest = TestImages.activeRecord(ID, "raw", data);

    private ImageCache cache(ImageRecord record, FetchVerification verification) {
        return new ImageCache(CacheConfig.defaults(instances), new CountingSource(0).add(record, data), null,
                verification);
    }

    private ImageRecord with(String checksum, String algo, String hash) {
        ImageRecord r = honest;
        return new ImageRecord(r.id(), r.name(), r.status(), r.diskFormat(), r.containerFormat(), r.size(),
                r.virtualSize(), checksum, algo, hash, 0, 0, "public", false, null, r.createdAt(), r.updatedAt(),
                r.properties());
    }

    private static String wrongSha512(ImageRecord r) {
        return (r.osHashValue().charAt(0) == '0' ? "1" : "0") + r.osHashValue().substring(1);
    }

    private void assertStored(ImageCache cache) throws IOException {
        BaseImage base = cache.fetchToBase(ID);
        assertThat(base.fetched()).isTrue();
        assertThat(Files.readAllBytes(base.path())).isEqualTo(data);
        assertNoPartFile(cache);
    }

    private void assertNothingLeft(ImageCache cache) throws IOException {
        assertThat(cache.basePath(ID)).doesNotExist();
        assertNoPartFile(cache);
    }

    private static void assertNoPartFile(ImageCache cache) throws IOException {
        if (Files.isDirectory(cache.baseDir())) {
            try (Stream<Path> files = Files.list(cache.baseDir())) {
                assertThat(files.map(p -> p.getFileName().toString())).noneMatch(n -> n.endsWith(".part"));
            }
        }
    }

    @Test
    void with_a_multihash_only_the_multihash_is_checked_like_glanceclient() throws IOException {
        // a wrong md5 beside a right sha512 passes: md5 is not even computed
        assertStored(cache(with(WRONG_MD5, "sha512", honest.osHashValue()), FetchVerification.STRONGEST));
    }

    @Test
    void a_record_with_only_a_multihash_is_verified_by_it() throws IOException {
        assertStored(cache(with(null, "sha512", honest.osHashValue()), FetchVerification.STRONGEST));
    }

    @Test
    void a_wrong_multihash_is_refused_and_leaves_no_base() throws IOException {
        ImageCache cache = cache(with(honest.checksum(), "sha512", wrongSha512(honest)), FetchVerification.STRONGEST);

        assertThatThrownBy(() -> cache.fetchToBase(ID)).isInstanceOf(ImageFetchFailed.class)
                .hasMessageContaining("sha512 hash").hasMessageContaining("download discarded");
        assertNothingLeft(cache);
    }

    @Test
    void another_multihash_algorithm_is_checked_with_that_algorithm() throws IOException {
        String sha256 = TestImages.hex("SHA-256", data);
        assertStored(cache(with(WRONG_MD5, "sha256", sha256), FetchVerification.STRONGEST));
    }

    @Test
    void without_a_multihash_md5_is_the_fallback() throws IOException {
        assertStored(cache(with(honest.checksum(), null, null), FetchVerification.STRONGEST));
    }

    @Test
    void a_wrong_md5_fallback_is_refused_and_leaves_no_base() throws IOException {
        ImageCache cache = cache(with(WRONG_MD5, null, null), FetchVerification.STRONGEST);

        assertThatThrownBy(() -> cache.fetchToBase(ID)).isInstanceOf(ImageFetchFailed.class)
                .hasMessageContaining("md5 checksum").hasMessageContaining(WRONG_MD5);
        assertNothingLeft(cache);
    }

    @Test
    void asked_for_all_hashes_a_wrong_md5_beside_a_right_multihash_is_refused() throws IOException {
        ImageCache cache = cache(with(WRONG_MD5, "sha512", honest.osHashValue()), FetchVerification.ALL_HASHES);

        assertThatThrownBy(() -> cache.fetchToBase(ID)).isInstanceOf(ImageFetchFailed.class)
                .hasMessageContaining("md5 checksum");
        assertNothingLeft(cache);
    }

    @Test
    void asked_for_all_hashes_a_wrong_multihash_beside_a_right_md5_is_refused() throws IOException {
        ImageCache cache = cache(with(honest.checksum(), "sha512", wrongSha512(honest)), FetchVerification.ALL_HASHES);

        assertThatThrownBy(() -> cache.fetchToBase(ID)).isInstanceOf(ImageFetchFailed.class)
                .hasMessageContaining("sha512 hash");
        assertNothingLeft(cache);
    }

    @Test
    void asked_for_all_hashes_an_honest_record_passes_both() throws IOException {
        assertStored(cache(honest, FetchVerification.ALL_HASHES));
    }

    @Test
    void a_multihash_algorithm_novalab_cannot_compute_is_refused_not_skipped() throws IOException {
        ImageCache cache = cache(with(honest.checksum(), "blake3", "00ff"), FetchVerification.STRONGEST);

        assertThatThrownBy(() -> cache.fetchToBase(ID)).isInstanceOf(ImageFetchFailed.class)
                .hasMessageContaining("os_hash_algo 'blake3'").hasMessageContaining("download refused");
        assertNothingLeft(cache);
    }

    @Test
    void a_record_without_any_digest_is_stored_unverified() throws IOException {
        assertStored(cache(with(null, null, null), FetchVerification.STRONGEST));
    }
}

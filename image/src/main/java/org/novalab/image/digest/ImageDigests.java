package org.novalab.image.digest;

/**
 * What Glance records about an image's bytes: their count, the md5 {@code checksum} and the multihash
 * ({@code os_hash_algo}/{@code os_hash_value}, sha512 unless said otherwise), all hex in lower case. A digest that
 * was not computed (a download verifies only what it needs) is null.
 */
public record ImageDigests(long size, String md5, String hashAlgo, String hashValue) {
}

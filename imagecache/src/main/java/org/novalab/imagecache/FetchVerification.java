package org.novalab.imagecache;

import org.novalab.image.ImageRecord;

/**
 * Which of an image record's digests a download computes and compares, the way python-glanceclient's image download
 * decides: the multihash ({@code os_hash_algo}/{@code os_hash_value}, sha512 from any Glance since Rocky) when the
 * record has one, the md5 {@code checksum} only when it has none (glanceclient's md5 fallback), nothing (with a
 * warning) when it has neither. Paying for one digest instead of two is most of a cold boot's CPU: each costs about
 * 1.4 core-seconds per GiB here (md5 and sha512 each run at ~700 MiB/s on one core).
 *
 * @param allHashes verify md5 as well when the record carries both (off by default: glanceclient never does; for a
 *                  lab that wants to see both compared)
 */
public record FetchVerification(boolean allHashes) {
    /** glanceclient's rule: the strongest digest the record carries, and only that one. */
    public static final FetchVerification STRONGEST = new FetchVerification(false);
    /** Every digest the record carries. */
    public static final FetchVerification ALL_HASHES = new FetchVerification(true);

    /** The multihash algorithm to verify, or null when the record has no multihash. */
    String multihashOf(ImageRecord record) {
        return hasMultihash(record) ? record.osHashAlgo() : null;
    }

    /** Whether the md5 checksum is verified: the fallback for a record without multihash, or when all are asked. */
    boolean md5Of(ImageRecord record) {
        return record.checksum() != null && (allHashes || !hasMultihash(record));
    }

    private static boolean hasMultihash(ImageRecord record) {
        return record.osHashValue() != null && record.osHashAlgo() != null;
    }
}

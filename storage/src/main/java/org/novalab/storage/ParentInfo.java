package org.novalab.storage;

/**
 * The snapshot a clone was made from (librbd's {@code parent_info()}) and the clone's overlap with it: reads of the
 * clone's bytes below {@code overlap} that the clone has not written fall through to the parent snapshot.
 */
public record ParentInfo(String pool, String image, String snapshot, long overlap) {
    /** {@code pool/image}. */
    public String imageSpec() {
        return pool + "/" + image;
    }

    /** {@code pool/image@snapshot}, as {@code rbd info} prints it. */
    public String snapSpec() {
        return imageSpec() + "@" + snapshot;
    }
}

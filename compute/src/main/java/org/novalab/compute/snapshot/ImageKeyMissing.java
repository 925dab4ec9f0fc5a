package org.novalab.compute.snapshot;

import java.util.UUID;
import org.novalab.compute.ComputeException;

/** An encrypted image whose key is gone from the key manager: nothing can read it. */
public final class ImageKeyMissing extends ComputeException {
    public ImageKeyMissing(String imageId, UUID key) {
        super("Image " + imageId + " is encrypted with key " + key + " (" + EncryptedImages.KEY_ID + "), which the key "
                + "manager does not have: the image cannot be read, so no disk can be made from it");
    }
}

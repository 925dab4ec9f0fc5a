package org.novalab.compute.snapshot;

import org.novalab.keys.KeyManager;
import org.novalab.keys.ManagedSecretNotFound;
import org.novalab.keys.SecretMetadata;
import org.novalab.keys.SecretOwner;

/** The passphrases an image owns (an encrypted snapshot's): they go when the image goes. */
public final class ImageKeys {
    private final KeyManager keys;

    public ImageKeys(KeyManager keys) {
        this.keys = keys;
    }

    /** Deletes every passphrase the image owns; returns how many. */
    public int forget(String imageId) {
        int deleted = 0;
        for (SecretMetadata key : keys.list(SecretOwner.image(imageId))) {
            try {
                keys.delete(key.id());
                deleted++;
            } catch (ManagedSecretNotFound e) {
                // deleted meanwhile: what was asked is true
            }
        }
        return deleted;
    }
}

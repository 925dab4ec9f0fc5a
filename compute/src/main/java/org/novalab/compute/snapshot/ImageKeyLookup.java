package org.novalab.compute.snapshot;

import java.nio.file.Path;
import java.util.Optional;
import java.util.UUID;
import org.novalab.disk.KeyLookup;
import org.novalab.disk.Passphrase;
import org.novalab.keys.KeyManager;
import org.novalab.keys.ManagedSecretNotFound;

/**
 * The passphrase of an encrypted image (its {@value EncryptedImages#KEY_ID}), for reading its cached base while an
 * instance disk is made from it. A key the key manager does not have is the build's fault, said plainly.
 */
public final class ImageKeyLookup implements KeyLookup {
    private final KeyManager keys;
    private final String imageId;
    private final UUID key;

    public ImageKeyLookup(KeyManager keys, String imageId, UUID key) {
        this.keys = keys;
        this.imageId = imageId;
        this.key = key;
    }

    @Override
    public Optional<Passphrase> passphraseFor(Path image) {
        try {
            return Optional.of(keys.get(key));
        } catch (ManagedSecretNotFound e) {
            throw new ImageKeyMissing(imageId, key);
        }
    }
}

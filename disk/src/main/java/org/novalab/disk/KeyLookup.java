package org.novalab.disk;

import java.nio.file.Path;
import java.util.Optional;

/**
 * Where the passphrase of each encrypted file in a backing chain comes from (QEMU takes one
 * {@code encrypt.key-secret} per layer). Implementations return a fresh {@link Passphrase} the caller closes.
 */
@FunctionalInterface
public interface KeyLookup {
    Optional<Passphrase> passphraseFor(Path image);

    KeyLookup NONE = image -> Optional.empty();

    /** The same passphrase for every encrypted layer. */
    static KeyLookup always(Passphrase passphrase) {
        return image -> Optional.of(passphrase.copy());
    }
}

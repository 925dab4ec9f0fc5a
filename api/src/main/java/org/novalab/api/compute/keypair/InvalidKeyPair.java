package org.novalab.api.compute.keypair;

import org.novalab.api.http.ApiException;

/** Nova's {@code InvalidKeypair}: a public key it cannot read, answered 400 in its words. */
final class InvalidKeyPair extends ApiException {
    InvalidKeyPair(String reason) {
        super(400, "Keypair data is invalid: " + reason);
    }
}

package org.novalab.api.identity;

import org.novalab.api.http.ApiException;

/** Keystone's {@code ValidationError}: a 400 that says what it expected to find where. */
public final class KeystoneValidation {
    private KeystoneValidation() {
    }

    public static ApiException expecting(String attribute, String target) {
        return ApiException.badRequest("Expecting to find " + attribute + " in " + target + ". The server could not "
                + "comply with the request since it is either malformed or otherwise incorrect. The client is assumed "
                + "to be in error.");
    }
}

package org.novalab.api.compute;

import java.security.SecureRandom;

/** Nova's {@code generate_uid('r')}: {@code r-} and eight random lower-case letters or digits. */
final class ReservationId {
    private static final String CHARACTERS = "0123456789abcdefghijklmnopqrstuvwxyz";
    private static final SecureRandom RANDOM = new SecureRandom();

    private ReservationId() {
    }

    static String generate() {
        StringBuilder id = new StringBuilder("r-");
        for (int i = 0; i < 8; i++) {
            id.append(CHARACTERS.charAt(RANDOM.nextInt(CHARACTERS.length())));
        }
        return id.toString();
    }
}

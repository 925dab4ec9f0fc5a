package org.novalab.api.compute;

import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * The administrator password a server create answers when the request gave none (Nova's
 * {@code generate_password}): 12 characters with at least one digit, one upper and one lower case letter, from
 * alphabets without the look-alikes 0, 1, I, O and l.
 */
public final class AdminPassword {
    private static final String[] GROUPS = {"23456789", "ABCDEFGHJKLMNPQRSTUVWXYZ", "abcdefghijkmnopqrstuvwxyz"};
    private static final String ALL = String.join("", GROUPS);
    private static final int LENGTH = 12;
    private static final SecureRandom RANDOM = new SecureRandom();

    private AdminPassword() {
    }

    public static String generate() {
        List<Character> chars = new ArrayList<>();
        for (String group : GROUPS) {
            chars.add(group.charAt(RANDOM.nextInt(group.length())));
        }
        while (chars.size() < LENGTH) {
            chars.add(ALL.charAt(RANDOM.nextInt(ALL.length())));
        }
        Collections.shuffle(chars, RANDOM);
        StringBuilder password = new StringBuilder(LENGTH);
        chars.forEach(password::append);
        return password.toString();
    }
}

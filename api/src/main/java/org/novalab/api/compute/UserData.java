package org.novalab.api.compute;

import static org.novalab.api.compute.NovaSchema.invalid;
import static org.novalab.api.compute.NovaSchema.repr;

/** Nova's {@code user_data} (create, and rebuild from 2.57): at most 65535 characters Nova can decode as base64. */
public final class UserData {
    private static final int MAX = 65535;

    private UserData() {
    }

    public static String check(Object value) {
        String text = NovaSchema.string(value, "user_data", 0, MAX);
        if (!Base64Text.decodes(text)) {
            throw invalid("user_data", value, repr(value) + " is not a 'base64'");
        }
        return text;
    }
}

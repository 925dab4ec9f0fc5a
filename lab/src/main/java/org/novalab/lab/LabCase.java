package org.novalab.lab;

import java.util.Optional;
import org.novalab.disk.EncryptionFormat;

/**
 * One row of the lab: a disk built by {@code recipe} with {@code format}, started with {@code secret}.
 *
 * @param expected      the outcome the lab asserts; the seed's observation where the seed reported one
 * @param seedSays      what the seed document reports (or proposes) for this case, in plain words
 * @param why           why the outcome follows from the formats (the explanation a student should take away)
 * @param expectedError for {@link Outcome#REFUSED}: the text the refusal must contain
 */
public record LabCase(String id, CaseGroup group, EncryptionFormat format, Recipe recipe, SecretChoice secret,
                      Outcome expected, String seedSays, String why, Optional<String> expectedError) {
    public LabCase {
        expectedError = expectedError == null ? Optional.empty() : expectedError;
    }

    /** {@code legacy AES} or {@code LUKS}: the names the table shows. */
    public String formatLabel() {
        return formatLabel(format);
    }

    public static String formatLabel(EncryptionFormat format) {
        return format == EncryptionFormat.AES ? "legacy AES" : "LUKS";
    }

    /** A short title for the table: "legacy AES, backing-file overlay, other secret". */
    public String title() {
        return formatLabel() + ", " + recipe.label() + ", " + secret.label();
    }
}

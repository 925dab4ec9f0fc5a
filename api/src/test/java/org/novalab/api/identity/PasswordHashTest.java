package org.novalab.api.identity;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Base64;
import javax.crypto.SecretKeyFactory;
import javax.crypto.spec.PBEKeySpec;
import org.junit.jupiter.api.Test;

/** Keystone users' stored password hashes: PBKDF2-HMAC-SHA256 as RFC 8018 defines it. */
class PasswordHashTest {
    /** A hash in the stored format made by the JDK's own PBKDF2, as databases of earlier versions hold them. */
    private static String jdkHash(String password, byte[] salt, int iterations) throws Exception {
        byte[] derived = SecretKeyFactory.getInstance("PBKDF2WithHmacSHA256")
                .generateSecret(new PBEKeySpec(password.toCharArray(), salt, iterations, 256)).getEncoded();
        Base64.Encoder b64 = Base64.getEncoder().withoutPadding();
        return "pbkdf2-sha256$" + iterations + "$" + b64.encodeToString(salt) + "$" + b64.encodeToString(derived);
    }

    @Test
    void a_password_matches_its_own_hash_and_no_other_password_does() {
        String stored = PasswordHash.hash("correct horse");
        assertThat(stored).startsWith("pbkdf2-sha256$60000$");
        assertThat(PasswordHash.matches("correct horse", stored)).isTrue();
        assertThat(PasswordHash.matches("correct horsE", stored)).isFalse();
        assertThat(PasswordHash.matches("", stored)).isFalse();
    }

    @Test
    void two_hashes_of_one_password_differ_by_their_salt() {
        assertThat(PasswordHash.hash("same")).isNotEqualTo(PasswordHash.hash("same"));
    }

    @Test
    void hashes_the_jdk_made_keep_matching_with_their_own_iteration_count_and_non_ascii_passwords() throws Exception {
        byte[] salt = "0123456789abcdef".getBytes(java.nio.charset.StandardCharsets.US_ASCII);
        assertThat(PasswordHash.matches("pw-pia", jdkHash("pw-pia", salt, 60_000))).isTrue();
        assertThat(PasswordHash.matches("mot de passe é ü 密码", jdkHash("mot de passe é ü 密码", salt, 1_000)))
                .isTrue();
        assertThat(PasswordHash.matches("pw-pib", jdkHash("pw-pia", salt, 60_000))).isFalse();
    }

    @Test
    void a_stored_value_of_another_scheme_never_matches() {
        assertThat(PasswordHash.matches("x", "bcrypt$12$abc$def")).isFalse();
        assertThat(PasswordHash.matches("x", "not a hash")).isFalse();
    }

    @Test
    void a_password_just_proven_stays_right_and_a_wrong_one_stays_wrong_on_the_next_login() {
        String stored = PasswordHash.hash("pw-eve");
        for (int login = 0; login < 3; login++) {
            assertThat(PasswordHash.matches("pw-eve", stored)).isTrue();
            assertThat(PasswordHash.matches("pw-evE", stored)).isFalse();
        }
        String changed = PasswordHash.hash("pw-eve-2");
        assertThat(PasswordHash.matches("pw-eve", changed)).as("the old password against the new hash").isFalse();
        assertThat(PasswordHash.matches("pw-eve-2", changed)).isTrue();
    }
}

package org.novalab.lab;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.novalab.disk.EncryptionFormat;

/**
 * The lab's cases and what each must show. The legacy AES rows of the seed's experiments carry the seed's own
 * observations (000_*.txt: experiment A booted with any secret uuid, experiment B only with the password's);
 * the LUKS rows and the verification carry what the formats imply, stated in {@link LabCase#why()}.
 */
public final class SeedCases {
    /** QEMU's message for a LUKS passphrase that opens no key slot. */
    public static final String LUKS_WRONG_KEY = "Invalid password, cannot unlock any keyslot";

    private static final String SEED_A = "A: boots with any uuid from virsh secret-list";
    private static final String SEED_B_RIGHT = "B: boots when the secret holds the password (123456)";
    private static final String SEED_B_OTHER = "B: only the password's secret boots";
    private static final String NOT_IN_SEED = "not tried (the seed used encryption=on, legacy AES)";
    private static final String AUTHOR_GUESS = "author's guess: the OS image is now encrypted too";

    private SeedCases() {
    }

    public static List<LabCase> all() {
        List<LabCase> cases = new ArrayList<>();
        cases.addAll(seed());
        cases.addAll(verification());
        cases.addAll(writeBack());
        return List.copyOf(cases);
    }

    static List<LabCase> seed() {
        EncryptionFormat aes = EncryptionFormat.AES;
        EncryptionFormat luks = EncryptionFormat.LUKS;
        return List.of(
                seed("aes-overlay-right", aes, Recipe.OVERLAY, SecretChoice.RIGHT, Outcome.BOOTED, SEED_A,
                        "nothing is allocated in the fresh overlay: every read falls through to the plaintext base"),
                seed("aes-overlay-other", aes, Recipe.OVERLAY, SecretChoice.OTHER, Outcome.BOOTED, SEED_A,
                        "legacy AES never checks the key, and no read touches the overlay's (empty) ciphertext: "
                                + "sector 0 comes from the plaintext base"),
                seed("aes-convert-right", aes, Recipe.CONVERT, SecretChoice.RIGHT, Outcome.BOOTED, SEED_B_RIGHT,
                        "every cluster is ciphertext; the right key decrypts sector 0 to the boot program"),
                seed("aes-convert-other", aes, Recipe.CONVERT, SecretChoice.OTHER, Outcome.NO_BOOT, SEED_B_OTHER,
                        "legacy AES opens with any key; the wrong one decrypts sector 0 to noise without 55 AA, "
                                + "so the firmware finds no bootable device"),
                seed("luks-overlay-right", luks, Recipe.OVERLAY, SecretChoice.RIGHT, Outcome.BOOTED, NOT_IN_SEED,
                        "the passphrase unlocks a key slot; reads of unallocated clusters fall through to the base"),
                refused("luks-overlay-other", luks, Recipe.OVERLAY, CaseGroup.SEED, NOT_IN_SEED,
                        "LUKS checks the passphrase against its key slots when QEMU opens the overlay, before "
                                + "any read: the plaintext base is never reached"),
                seed("luks-convert-right", luks, Recipe.CONVERT, SecretChoice.RIGHT, Outcome.BOOTED, NOT_IN_SEED,
                        "the passphrase unlocks a key slot; the master key decrypts every cluster"),
                refused("luks-convert-other", luks, Recipe.CONVERT, CaseGroup.SEED, NOT_IN_SEED,
                        "LUKS checks the passphrase against its key slots: no slot opens, QEMU refuses the disk"));
    }

    static List<LabCase> verification() {
        EncryptionFormat aes = EncryptionFormat.AES;
        return List.of(
                verification("verify-overlay-right", Recipe.OVERLAY_ON_ENCRYPTED_BASE, SecretChoice.RIGHT,
                        Outcome.BOOTED, "the one passphrase decrypts the overlay and the encrypted base below it"),
                verification("verify-overlay-other", Recipe.OVERLAY_ON_ENCRYPTED_BASE, SecretChoice.OTHER,
                        Outcome.NO_BOOT, "reads still fall through to the base, but the base is ciphertext now: the "
                                + "wrong key turns sector 0 into noise. The author's guess holds"),
                verification("verify-convert-right", Recipe.CONVERT_OF_ENCRYPTED_BASE, SecretChoice.RIGHT,
                        Outcome.BOOTED, "convert decrypted the base and re-encrypted every cluster with the passphrase"),
                verification("verify-convert-other", Recipe.CONVERT_OF_ENCRYPTED_BASE, SecretChoice.OTHER,
                        Outcome.NO_BOOT, "every cluster is ciphertext; the wrong key yields noise, as in experiment B"));
    }

    static List<LabCase> writeBack() {
        return List.of(
                new LabCase("writeback-right", CaseGroup.WRITE_BACK, EncryptionFormat.AES, Recipe.OVERLAY,
                        SecretChoice.RIGHT, Outcome.BOOTED, "not tried",
                        "the guest boots from the base and writes its marker: that cluster is now allocated in "
                                + "the overlay and encrypted with the right key", Optional.empty()),
                new LabCase("writeback-other", CaseGroup.WRITE_BACK, EncryptionFormat.AES, Recipe.OVERLAY,
                        SecretChoice.OTHER, Outcome.BOOTED, "not tried",
                        "sector 0 still falls through to the plaintext base, so it boots; but the marker cluster is "
                                + "ciphertext of the right key and the wrong one reads it as garbage", Optional.empty()));
    }

    private static LabCase seed(String id, EncryptionFormat format, Recipe recipe, SecretChoice secret,
                                Outcome expected, String seedSays, String why) {
        return new LabCase(id, CaseGroup.SEED, format, recipe, secret, expected, seedSays, why, Optional.empty());
    }

    private static LabCase refused(String id, EncryptionFormat format, Recipe recipe, CaseGroup group,
                                   String seedSays, String why) {
        return new LabCase(id, group, format, recipe, SecretChoice.OTHER, Outcome.REFUSED, seedSays, why,
                Optional.of(LUKS_WRONG_KEY));
    }

    private static LabCase verification(String id, Recipe recipe, SecretChoice secret, Outcome expected,
                                        String why) {
        return new LabCase(id, CaseGroup.VERIFICATION, EncryptionFormat.AES, recipe, secret, expected,
                AUTHOR_GUESS + (secret == SecretChoice.RIGHT ? "" : ": only the right secret boots"), why,
                Optional.empty());
    }
}

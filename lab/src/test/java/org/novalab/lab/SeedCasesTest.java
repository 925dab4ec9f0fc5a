package org.novalab.lab;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.novalab.disk.EncryptionFormat;

class SeedCasesTest {
    private final List<LabCase> cases = SeedCases.all();

    private LabCase find(String id) {
        return cases.stream().filter(c -> c.id().equals(id)).findFirst().orElseThrow();
    }

    @Test
    void covers_every_format_method_and_secret_of_the_seeds_experiments() {
        for (EncryptionFormat f : EncryptionFormat.values()) {
            for (Recipe r : List.of(Recipe.OVERLAY, Recipe.CONVERT)) {
                for (SecretChoice s : SecretChoice.values()) {
                    assertThat(cases).as("%s %s %s", f, r, s).anyMatch(c -> c.group() == CaseGroup.SEED
                            && c.format() == f && c.recipe() == r && c.secret() == s);
                }
            }
        }
        assertThat(cases).extracting(LabCase::id).doesNotHaveDuplicates();
    }

    @Test
    void expects_what_the_seed_observed_for_legacy_aes() {
        assertThat(find("aes-overlay-other").expected()).isEqualTo(Outcome.BOOTED);
        assertThat(find("aes-overlay-right").expected()).isEqualTo(Outcome.BOOTED);
        assertThat(find("aes-convert-right").expected()).isEqualTo(Outcome.BOOTED);
        assertThat(find("aes-convert-other").expected()).isEqualTo(Outcome.NO_BOOT);
    }

    @Test
    void expects_luks_to_refuse_a_wrong_secret_with_qemus_message_for_both_methods() {
        for (String id : List.of("luks-overlay-other", "luks-convert-other")) {
            assertThat(find(id).expected()).isEqualTo(Outcome.REFUSED);
            assertThat(find(id).expectedError()).contains("Invalid password, cannot unlock any keyslot");
        }
    }

    @Test
    void a_refusal_with_another_message_does_not_satisfy_the_luks_expectation() {
        LabCase c = find("luks-convert-other");
        assertThat(new Observation(Outcome.REFUSED, "Parameter 'encrypt.key-secret' is required", "", null)
                .satisfies(c)).isFalse();
        assertThat(new Observation(Outcome.REFUSED, "...: Invalid password, cannot unlock any keyslot", "", null)
                .satisfies(c)).isTrue();
        assertThat(new Observation(Outcome.BOOTED, "", "", null).satisfies(c)).isFalse();
    }

    @Test
    void every_case_says_why_and_what_the_seed_says() {
        assertThat(cases).allSatisfy(c -> {
            assertThat(c.why()).isNotBlank();
            assertThat(c.seedSays()).isNotBlank();
        });
    }
}

package org.novalab.lab;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class ReportRenderingTest {
    private static LabReport report(Outcome observedForConvertOther) {
        List<CaseResult> results = new ArrayList<>();
        for (LabCase c : SeedCases.all()) {
            Outcome o = c.id().equals("aes-convert-other") ? observedForConvertOther : c.expected();
            String detail = o == Outcome.REFUSED ? SeedCases.LUKS_WRONG_KEY : "";
            results.add(new CaseResult(c, new Observation(o, detail, "", null), Optional.empty(), Optional.empty()));
        }
        return new LabReport("/tmp/state", results, false, List.of());
    }

    @Test
    void the_text_table_has_a_row_per_case_with_expected_observed_and_match() {
        String text = TextReport.render(report(Outcome.NO_BOOT));
        assertThat(text).contains("legacy AES, backing-file overlay, other secret")
                .contains("A: boots with any uuid from virsh secret-list")
                .contains("garbage boot sector, no boot")
                .contains("What this shows")
                .contains("falls through to the")
                .endsWith(SeedCases.all().size() + " of " + SeedCases.all().size()
                        + " observations match their expectations.\n");
    }

    @Test
    void a_mismatch_is_flagged_in_the_table_and_the_summary() {
        LabReport r = report(Outcome.BOOTED);
        assertThat(r.allMatch()).isFalse();
        String text = TextReport.render(r);
        assertThat(text).contains("MISMATCH: observed booted").contains("SEE MISMATCHES ABOVE");
    }

    @Test
    void json_carries_every_case_with_its_expectation_and_observation() throws Exception {
        JsonNode json = new ObjectMapper().readTree(JsonReport.render(report(Outcome.NO_BOOT)));
        assertThat(json.get("allMatch").asBoolean()).isTrue();
        assertThat(json.get("cases")).hasSize(SeedCases.all().size());
        JsonNode luks = json.get("cases").findParents("id").stream()
                .filter(n -> n.get("id").asText().equals("luks-overlay-other")).findFirst().orElseThrow();
        assertThat(luks.get("expected").asText()).isEqualTo("REFUSED");
        assertThat(luks.get("expectedError").asText()).isEqualTo(SeedCases.LUKS_WRONG_KEY);
        assertThat(luks.get("observed").get("outcome").asText()).isEqualTo("REFUSED");
        assertThat(json.get("explanation").get(0).asText()).contains("stores nothing");
    }

    @Test
    void the_real_column_sits_beside_novalabs_and_todays_refusal_of_legacy_aes_is_not_a_mismatch() {
        List<CaseResult> results = new ArrayList<>();
        for (LabCase c : SeedCases.all()) {
            Observation novalab = new Observation(c.expected(), c.expected() == Outcome.REFUSED
                    ? SeedCases.LUKS_WRONG_KEY : "", "", null);
            Observation real = c.format() == org.novalab.disk.EncryptionFormat.AES
                    ? new Observation(Outcome.UNSUPPORTED, "old qcow/qcow2 encryption is not supported", "", null)
                    : novalab;
            results.add(new CaseResult(c, novalab, Optional.of(real), Optional.empty()));
        }
        LabReport r = new LabReport("/tmp/state", results, true, List.of());
        assertThat(r.allMatch()).isTrue();
        assertThat(TextReport.render(r)).contains("observed (real qemu/libvirt)")
                .contains("refused: format no longer supported");
    }

    @Test
    void a_real_observation_that_contradicts_the_expectation_fails_the_row() {
        LabCase luks = SeedCases.all().stream().filter(c -> c.id().equals("luks-overlay-other")).findFirst().orElseThrow();
        Observation refused = new Observation(Outcome.REFUSED, SeedCases.LUKS_WRONG_KEY, "", null);
        CaseResult r = new CaseResult(luks, refused, Optional.of(new Observation(Outcome.BOOTED, "", "", null)),
                Optional.empty());
        assertThat(r.matches()).isFalse();
    }
}

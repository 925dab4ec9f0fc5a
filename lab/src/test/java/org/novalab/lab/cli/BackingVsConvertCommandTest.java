package org.novalab.lab.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * The lab's own proof, run in CI: {@code novalab lab backing-vs-convert --format json} through the compute driver and
 * boot emulation, every observation matching what the seed reported and what the formats imply. One run per class
 * (it builds and boots 14 disks).
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class BackingVsConvertCommandTest {
    @TempDir
    static Path state;
    LabRun run;
    JsonNode report;

    @BeforeAll
    void runTheLab() throws Exception {
        run = LabRun.of("lab", "backing-vs-convert", "--format", "json", "--state", state.toString());
        report = run.json();
    }

    @Test
    void every_observation_matches_its_expectation_and_the_exit_status_says_so() {
        assertThat(run.err()).doesNotContain("novalab:");
        assertThat(report.get("allMatch").asBoolean()).as(run.out()).isTrue();
        assertThat(run.status()).isZero();
        assertThat(report.get("total").asInt()).isEqualTo(14);
        for (JsonNode c : report.get("cases")) {
            assertThat(c.get("observed").get("outcome").asText()).as(c.get("id").asText())
                    .isEqualTo(c.get("expected").asText());
        }
    }

    @Test
    void a_legacy_aes_overlay_boots_with_another_secret_because_sector_0_comes_from_the_plaintext_base() {
        JsonNode c = LabRun.caseOf(report, "aes-overlay-other");
        assertThat(c.get("observed").get("outcome").asText()).isEqualTo("BOOTED");
        assertThat(c.get("observed").get("console").asText()).contains("novalab fixture guest: booted from disk");
        JsonNode disk = c.get("disk");
        assertThat(disk.get("clusters").get("inTop").asInt()).as("nothing allocated before the boot wrote")
                .isLessThanOrEqualTo(1);
        assertThat(disk.get("clusters").get("fromBacking").asInt()).isGreaterThan(300);
        assertThat(disk.get("sector0Stored").get("where").asText()).contains("in its backing file").contains("plaintext");
        assertThat(disk.get("sector0Guest").get("verdict").asText()).contains("boot program");
    }

    @Test
    void a_converted_legacy_aes_disk_does_not_boot_with_another_secret_its_sector_0_decrypts_to_noise() {
        JsonNode c = LabRun.caseOf(report, "aes-convert-other");
        assertThat(c.get("observed").get("outcome").asText()).isEqualTo("NO_BOOT");
        assertThat(c.get("observed").get("console").asText()).contains("No bootable device.")
                .doesNotContain("booted from disk");
        JsonNode disk = c.get("disk");
        assertThat(disk.get("clusters").get("fromBacking").asInt()).isZero();
        assertThat(disk.get("clusters").get("inTopEncrypted").asInt()).isEqualTo(disk.get("clusters").get("inTop").asInt());
        assertThat(disk.get("sector0Stored").get("where").asText()).contains("ciphertext");
        assertThat(disk.get("sector0Guest").get("verdict").asText()).contains("no 55 AA");
    }

    @Test
    void luks_refuses_another_secret_at_open_with_qemus_message_for_both_methods() {
        for (String id : new String[] {"luks-overlay-other", "luks-convert-other"}) {
            JsonNode observed = LabRun.caseOf(report, id).get("observed");
            assertThat(observed.get("outcome").asText()).as(id).isEqualTo("REFUSED");
            assertThat(observed.get("detail").asText()).as(id).contains("Invalid password, cannot unlock any keyslot");
        }
    }

    @Test
    void the_authors_verification_holds_an_encrypted_base_no_longer_boots_with_any_secret() {
        assertThat(LabRun.caseOf(report, "verify-overlay-right").get("observed").get("outcome").asText())
                .isEqualTo("BOOTED");
        assertThat(LabRun.caseOf(report, "verify-overlay-other").get("observed").get("outcome").asText())
                .isEqualTo("NO_BOOT");
    }

    @Test
    void after_the_guest_wrote_the_other_secret_reads_its_marker_as_garbage_while_sector_0_still_boots() {
        JsonNode first = LabRun.caseOf(report, "writeback-right").get("disk");
        assertThat(first.get("marker").get("verdict").asText()).isEqualTo("the guest's marker text");
        assertThat(first.get("clusters").get("inTop").asInt()).isEqualTo(1);
        JsonNode second = LabRun.caseOf(report, "writeback-other");
        assertThat(second.get("observed").get("outcome").asText()).isEqualTo("BOOTED");
        assertThat(second.get("disk").get("marker").get("verdict").asText()).isEqualTo("garbage, not the guest's marker");
        assertThat(second.get("disk").get("sector0Guest").get("verdict").asText()).contains("boot program");
    }

    @Test
    void the_state_dir_is_kept_with_nova_s_layout_and_no_domain_or_secret_left_behind() throws Exception {
        assertThat(state.resolve("instances/_base/6a6f72f6c315b082cba3e32e0ece4a5e933a868a")).isRegularFile();
        try (var dirs = Files.list(state.resolve("instances"))) {
            assertThat(dirs.filter(Files::isDirectory).map(p -> p.getFileName().toString()))
                    .as("every instance was destroyed").containsExactly("_base");
        }
        assertThat(report.get("stateDir").asText()).isEqualTo(state.toAbsolutePath().normalize().toString());
    }

    @Test
    void a_state_dir_that_is_not_empty_is_refused_before_anything_runs() throws Exception {
        Files.writeString(state.resolve("precious.txt"), "keep me");
        LabRun refused = LabRun.of("lab", "backing-vs-convert", "--state", state.toString());
        assertThat(refused.status()).isEqualTo(2);
        assertThat(refused.err()).contains("must be new or empty");
        assertThat(state.resolve("precious.txt")).hasContent("keep me");
    }
}

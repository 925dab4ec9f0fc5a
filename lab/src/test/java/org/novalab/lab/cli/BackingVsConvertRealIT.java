package org.novalab.lab.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.novalab.testing.RealTools;

/**
 * {@code lab backing-vs-convert --real}: the LUKS cases again with the real qemu-img building the disks and a real
 * unprivileged libvirtd + QEMU booting them, side by side with novalab's column; the legacy AES rows record that
 * today's libvirt refuses that format. Every observation must match.
 */
@Tag("integration")
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class BackingVsConvertRealIT {
    JsonNode report;
    LabRun run;

    @BeforeAll
    void runTheLab() throws Exception {
        RealTools.require("qemu-img", "qemu-utils");
        RealTools.require("qemu-system-x86_64", "qemu-system-x86");
        RealTools.require("libvirtd", "libvirt-daemon-driver-qemu");
        run = LabRun.of("lab", "backing-vs-convert", "--real", "--format", "json");
        report = run.json();
    }

    @Test
    void every_row_matches_in_both_columns() {
        assertThat(report.get("realColumn").asBoolean()).isTrue();
        assertThat(report.get("allMatch").asBoolean()).as(run.out()).isTrue();
        assertThat(run.status()).isZero();
        assertThat(report.get("notes").toString()).doesNotContain("real column skipped");
    }

    @Test
    void real_qemu_boots_luks_with_the_right_secret_and_refuses_another_with_the_same_message() {
        for (String id : new String[] {"luks-overlay-right", "luks-convert-right"}) {
            JsonNode real = LabRun.caseOf(report, id).get("real");
            assertThat(real.get("outcome").asText()).as(id).isEqualTo("BOOTED");
            assertThat(real.get("console").asText()).as(id).contains("novalab fixture guest: booted from disk");
        }
        for (String id : new String[] {"luks-overlay-other", "luks-convert-other"}) {
            JsonNode c = LabRun.caseOf(report, id);
            assertThat(c.get("real").get("outcome").asText()).as(id).isEqualTo("REFUSED");
            assertThat(c.get("real").get("detail").asText()).as(id)
                    .contains("Invalid password, cannot unlock any keyslot");
            assertThat(c.get("observed").get("detail").asText()).as(id)
                    .contains("Invalid password, cannot unlock any keyslot");
        }
    }

    @Test
    void real_libvirt_refuses_legacy_aes_and_the_report_says_so() {
        for (String id : new String[] {"aes-overlay-other", "aes-convert-other"}) {
            JsonNode real = LabRun.caseOf(report, id).get("real");
            assertThat(real.get("outcome").asText()).as(id).isEqualTo("UNSUPPORTED");
            assertThat(real.get("detail").asText()).as(id).containsIgnoringCase("qcow");
        }
        assertThat(LabRun.caseOf(report, "verify-overlay-other").get("real").get("outcome").asText())
                .isEqualTo("SKIPPED");
    }
}

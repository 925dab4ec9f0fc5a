package org.novalab.api.virsh.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class VirshTablesTest {
    @Test
    void the_domain_list_is_laid_out_like_virsh_list_all() {
        // libvirt 9.0: virsh -c test:///default list --all
        assertThat(VirshTables.domains(List.of(new VirshClient.DomainRow("1", "test", "running", true)))).isEqualTo("""
                 Id   Name   State
                ----------------------
                 1    test   running
                """);
    }

    @Test
    void an_empty_list_still_has_its_header_and_an_inactive_domain_has_no_id() {
        assertThat(VirshTables.domains(List.of())).isEqualTo(" Id   Name   State\n--------------------\n");
        assertThat(VirshTables.domains(List.of(new VirshClient.DomainRow(null, "encry2", "shut off", false))))
                .contains(" -    encry2   shut off\n");
    }

    @Test
    void the_secret_list_shows_uuid_and_usage() {
        String table = VirshTables.secrets(List.of(new VirshClient.SecretRow(
                "3f8475e9-868c-4543-a510-7f668ba83d46", "volume /var/lib/nova/instances/x/disk")));
        assertThat(table).startsWith(" UUID                                   Usage\n")
                .contains(" 3f8475e9-868c-4543-a510-7f668ba83d46   volume /var/lib/nova/instances/x/disk\n");
    }
}

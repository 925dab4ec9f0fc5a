package org.novalab.storage.ceph;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.novalab.storage.StorageException;

/** What the Rbd backend's network disks take from the client's configuration: monitors and the cephx key. */
class CephClientFactsTest {
    @Test
    void monHostVectorsGiveEachMonitorsV1Address() {
        assertThat(MonitorAddress.parseMonHost("[v2:127.0.0.1:40001,v1:127.0.0.1:40002]"))
                .containsExactly(new MonitorAddress("127.0.0.1", 40002));
        assertThat(MonitorAddress.parseMonHost("10.0.0.1:6789, 10.0.0.2 ;[v2:10.0.0.3:3300/0,v1:10.0.0.3:6789/0]"))
                .containsExactly(new MonitorAddress("10.0.0.1", 6789), new MonitorAddress("10.0.0.2", 6789),
                        new MonitorAddress("10.0.0.3", 6789));
        assertThatThrownBy(() -> MonitorAddress.parseMonHost("[v2:10.0.0.1:3300]"))
                .isInstanceOf(StorageException.class).hasMessageContaining("no v1 monitor address");
    }

    @Test
    void theKeyringEntrysKeyIsDecodedAndAMissingOneNamesTheEntityNotAKey() {
        byte[] key = new byte[28];
        key[0] = 1;
        String b64 = Base64.getEncoder().encodeToString(key);
        List<String> lines = List.of("[client.glance]", "\tkey = AAAA", "[client.admin]", "\tkey = " + b64,
                "\tcaps mon = \"allow *\"");
        assertThat(CephKeyring.parse(lines, "client.admin", "k")).isEqualTo(key);
        assertThatThrownBy(() -> CephKeyring.parse(lines, "client.nova", "/etc/ceph/keyring"))
                .isInstanceOf(StorageException.class).hasMessage("no key for client.nova in /etc/ceph/keyring");
    }
}

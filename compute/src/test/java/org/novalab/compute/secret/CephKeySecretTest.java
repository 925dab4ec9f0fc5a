package org.novalab.compute.secret;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.novalab.compute.domain.DiskSource;
import org.novalab.disk.Passphrase;

/** The cephx key as a libvirt secret of usage type ceph, as virsh secret-define takes it. */
class CephKeySecretTest {
    private final NovalabSecretStore store = new NovalabSecretStore();

    @Test
    void theKeyIsAPrivateCephSecretHoldingTheDecodedKeyAndTheArgumentIsZeroed() {
        UUID uuid = UUID.fromString("457eb676-33da-42ec-9a8c-9293d545c337");
        byte[] key = {1, 2, 3, 4};

        DiskSource.CephAuth auth = CephKeySecret.define(store, uuid, "nova", key);

        assertThat(auth).isEqualTo(new DiskSource.CephAuth("nova", uuid));
        assertThat(key).containsOnly((byte) 0);
        SecretDefinition d = store.lookup(uuid).orElseThrow();
        assertThat(SecretXml.write(d).replaceAll(">\\s+<", "><").strip()).isEqualTo("<secret ephemeral=\"no\" private=\"yes\"><uuid>" + uuid
                + "</uuid><usage type=\"ceph\"><name>client.nova secret</name></usage></secret>");
        assertThat(SecretXml.parse(SecretXml.write(d))).isEqualTo(d);
        try (Passphrase value = store.passphraseForHypervisor(uuid)) {
            assertThat(value.bytes()).containsExactly(1, 2, 3, 4);
        }
        assertThatThrownBy(() -> store.value(uuid)).isInstanceOf(SecretPrivate.class);
    }

    @Test
    void aRestartRedefinesTheSameSecretAndAVolumeOfTheSameNameIsNoConflict() {
        UUID uuid = CephKeySecret.defaultUuid("8c3d2f4e-fsid", "admin");
        assertThat(CephKeySecret.defaultUuid("8c3d2f4e-fsid", "admin")).isEqualTo(uuid);
        assertThat(CephKeySecret.defaultUuid("another-fsid", "admin")).isNotEqualTo(uuid);
        CephKeySecret.define(store, uuid, "admin", new byte[] {9});
        CephKeySecret.define(store, uuid, "admin", new byte[] {8});
        store.define(SecretDefinition.forVolume(UUID.randomUUID(), "client.admin secret"));

        assertThat(store.list()).hasSize(2);
        assertThatThrownBy(() -> store.define(SecretDefinition.forCeph(UUID.randomUUID(), "admin")))
                .isInstanceOf(SecretUsageConflict.class);
    }
}

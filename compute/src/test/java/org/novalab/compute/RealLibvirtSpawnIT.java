package org.novalab.compute;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import org.novalab.compute.hypervisor.SessionLibvirtd;
import org.novalab.compute.secret.SecretDefinition;
import org.novalab.compute.state.PowerState;
import org.novalab.compute.testing.TestCloud;
import org.novalab.compute.testing.TestHosts;
import org.novalab.fixture.FixtureGuest;
import org.novalab.keys.SecretOwner;
import org.novalab.testing.Bytes;
import org.novalab.testing.RealTools;

/**
 * The real stack: an unprivileged libvirtd, real libvirt secrets, real QEMU (TCG) booting the fixture guest from
 * a LUKS-encrypted qcow2 overlay that novalab's disk library wrote. With another instance's secret QEMU refuses
 * the key and nothing is left behind. Legacy AES is refused by libvirt itself.
 */
@Tag("integration")
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class RealLibvirtSpawnIT {
    @TempDir
    static Path work;
    SessionLibvirtd libvirtd;
    ComputeHost host;
    final List<UUID> spawned = new ArrayList<>();

    @BeforeAll
    void start() throws Exception {
        RealTools.require("libvirtd", "libvirt-daemon");
        RealTools.require("qemu-system-x86_64", "qemu-system-x86");
        RealTools.require("setpriv", "util-linux");
        SessionLibvirtd.openToGuests(work);
        libvirtd = SessionLibvirtd.start(work);
        Path instances = work.resolve("instances");
        Files.createDirectories(instances);
        SessionLibvirtd.openToGuests(instances);
        ComputeConfig config = ComputeConfig.defaults(instances).withHypervisorUri(libvirtd.uri())
                .sharedWithHypervisorUser(true);
        host = TestHosts.open(config, TestCloud.create(work.resolve("cloud")));
    }

    @AfterAll
    void stop() throws Exception {
        try {
            if (host != null) {
                for (UUID u : spawned) {
                    host.driver().destroy(u); // domains before the daemon: running guests outlive it
                }
                host.close();
            }
        } finally {
            if (libvirtd != null) {
                libvirtd.close();
            }
        }
    }

    @Test
    void theHostReportsRealSecretsAndLuksOnlyAlsoOnRbd() {
        HostCapabilities caps = host.driver().capabilities();
        assertThat(caps.realGuests()).isTrue();
        assertThat(caps.libvirtSecrets()).isTrue();
        assertThat(caps.qemuImgLuks()).as("qemu-img 7.2 writes LUKS qcow2").isTrue();
        assertThat(caps.canEncrypt(BackendKind.QCOW2, org.novalab.disk.EncryptionFormat.LUKS)).isTrue();
        assertThat(caps.canEncrypt(BackendKind.QCOW2, org.novalab.disk.EncryptionFormat.AES)).isFalse();
        assertThat(caps.canEncrypt(BackendKind.RBD, org.novalab.disk.EncryptionFormat.LUKS))
                .as("QEMU's LUKS on a raw RBD image").isTrue();
        assertThat(caps.canEncrypt(BackendKind.RBD, org.novalab.disk.EncryptionFormat.AES)).isFalse();
    }

    @Test
    void aLuksOverlayBootsUnderRealQemuAndPrintsTheBanner() throws Exception {
        SpawnRequest req = request(EncryptionChoice.luks());
        SpawnResult r = host.driver().spawn(req);
        spawned.add(req.uuid());
        assertThat(r.state()).isEqualTo(PowerState.RUNNING);
        assertThat(host.secrets().isLibvirt()).isTrue();
        assertThat(host.secrets().lookup(r.secretUuid().orElseThrow())).map(SecretDefinition::isPrivate).contains(true);
        assertThatThrownBy(() -> host.secrets().value(r.secretUuid().orElseThrow()))
                .isInstanceOf(org.novalab.compute.secret.SecretPrivate.class).hasMessageContaining("secret is private");

        String console = awaitConsole(req.uuid(), "booted from disk", Duration.ofSeconds(20));
        assertThat(console).contains(FixtureGuest.BANNER);

        host.driver().stop(req.uuid());
        assertThat(host.driver().state(req.uuid())).isEqualTo(PowerState.SHUTDOWN);
        host.driver().start(req.uuid());
        assertThat(host.driver().state(req.uuid())).isEqualTo(PowerState.RUNNING);
        Instant end = Instant.now().plusSeconds(20);
        while (host.driver().consoleOutput(req.uuid()).split("booted from disk", -1).length < 3
                && Instant.now().isBefore(end)) {
            Thread.sleep(50);
        }
        assertThat(host.driver().consoleOutput(req.uuid()).split("booted from disk", -1))
                .as("the second boot appends to console.log").hasSize(3);

        host.driver().destroy(req.uuid());
        spawned.remove(req.uuid());
        assertThat(host.hypervisor().lookup(req.domainName())).isEmpty();
        assertThat(host.secrets().lookup(r.secretUuid().orElseThrow())).isEmpty();
        assertThat(r.instanceDir()).doesNotExist();
    }

    @Test
    void anotherInstancesSecretFailsWithQemusMessageAndLeavesNothingBehind() {
        SpawnRequest owner = request(EncryptionChoice.luks());
        SpawnResult other = host.driver().spawn(owner);
        spawned.add(owner.uuid());
        int secretsBefore = host.secrets().list().size();

        SpawnRequest req = request(EncryptionChoice.luks()).withSecretOverride(other.secretUuid().orElseThrow().toString());
        assertThatThrownBy(() -> host.driver().spawn(req)).isInstanceOf(BootFailed.class)
                .hasMessageContaining("Invalid password, cannot unlock any keyslot");

        assertThat(host.hypervisor().lookup(req.domainName())).isEmpty();
        assertThat(host.hypervisor().list()).noneMatch(d -> d.uuid().equals(req.uuid()));
        assertThat(work.resolve("instances").resolve(req.uuid().toString())).doesNotExist();
        assertThat(host.secrets().list()).hasSize(secretsBefore);
        assertThat(host.keys().list(SecretOwner.rootDisk(req.uuid()))).isEmpty();
    }

    @Test
    void legacyQcowAesIsRefusedByLibvirtItselfAndRolledBack() {
        SpawnRequest req = request(EncryptionChoice.legacyAes());
        assertThatThrownBy(() -> host.driver().spawn(req)).isInstanceOf(EncryptionNotSupported.class)
                .hasMessageContaining("old qcow/qcow2 encryption is not supported");
        assertThat(work.resolve("instances").resolve(req.uuid().toString())).doesNotExist();
        assertThat(host.hypervisor().lookup(req.domainName())).isEmpty();
    }

    @Test
    void thePassphraseIsOnlyInTheVaultAndInLibvirtsOwnSecretStore() throws Exception {
        SpawnRequest req = request(EncryptionChoice.luks());
        SpawnResult r = host.driver().spawn(req);
        spawned.add(req.uuid());
        awaitConsole(req.uuid(), "booted from disk", Duration.ofSeconds(20));
        byte[] plain;
        try (org.novalab.disk.Passphrase p = host.keys().get(r.secretUuid().orElseThrow())) {
            plain = p.bytes();
        }
        byte[] b64 = java.util.Base64.getEncoder().encode(plain);
        Path libvirtSecrets = libvirtd.secretsDir();
        List<Path> holders = new ArrayList<>();
        try (var files = Files.walk(work)) {
            for (Path f : (Iterable<Path>) files.filter(Files::isRegularFile)::iterator) {
                byte[] content = Files.readAllBytes(f);
                if (Bytes.indexOf(content, plain) >= 0 || Bytes.indexOf(content, b64) >= 0) {
                    holders.add(f);
                }
            }
        }
        assertThat(holders).allMatch(f -> f.startsWith(libvirtSecrets), "only libvirt's own secret store")
                .as("the search finds libvirt's copy (so it would find any other)").isNotEmpty();
        java.util.Arrays.fill(plain, (byte) 0);
    }


    private static SpawnRequest request(EncryptionChoice encryption) {
        return org.novalab.compute.testing.TestHosts.request(BackendKind.QCOW2, encryption, DiskCreation.BACKING_FILE);
    }

    private String awaitConsole(UUID uuid, String needle, Duration timeout) throws InterruptedException {
        Instant end = Instant.now().plus(timeout);
        String console = "";
        while (Instant.now().isBefore(end)) {
            console = host.driver().consoleOutput(uuid);
            if (console.contains(needle)) {
                return console;
            }
            Thread.sleep(50);
        }
        return console;
    }
}

package org.novalab.compute;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.novalab.compute.state.PowerState;
import org.novalab.compute.testing.TestCloud;
import org.novalab.compute.testing.TestHosts;
import org.novalab.fixture.FixtureGuest;
import org.novalab.keys.SecretOwner;

/**
 * Nova's pause/unpause ({@code virDomainSuspend}/{@code virDomainResume}) and suspend/resume (managed save, then a
 * create that restores it) on test:///default with the emulated boot: what the domain, the console, the secrets and
 * a restart make of them.
 */
class PauseSuspendTest {
    @TempDir
    static Path shared;
    static TestCloud cloud;
    @TempDir
    Path instances;
    ComputeHost host;
    ComputeDriver driver;

    @BeforeAll
    static void cloud() {
        cloud = TestCloud.create(shared);
    }

    @BeforeEach
    void open() {
        host = TestHosts.open(instances, cloud);
        driver = host.driver();
    }

    @AfterEach
    void close() {
        host.close();
    }

    @Test
    void aPausedGuestIsStillThereAndCarriesOnWithoutBootingAgain() {
        SpawnRequest req = luks();
        driver.spawn(req);

        driver.pause(req.uuid());
        assertThat(driver.state(req.uuid())).isEqualTo(PowerState.PAUSED);
        assertThat(driver.diagnostics(req.uuid()).state()).isEqualTo(PowerState.PAUSED);

        driver.unpause(req.uuid());
        assertThat(driver.state(req.uuid())).isEqualTo(PowerState.RUNNING);
        assertThat(boots(req)).isEqualTo(1);
    }

    @Test
    void pausingWhatIsNotRunningAndUnpausingWhatIsNotPausedFailWithLibvirtsWords() {
        SpawnRequest req = luks();
        driver.spawn(req);
        assertThatThrownBy(() -> driver.unpause(req.uuid())).isInstanceOf(HypervisorError.class)
                .hasMessageContaining("not paused");
        driver.stop(req.uuid());
        assertThatThrownBy(() -> driver.pause(req.uuid())).isInstanceOf(HypervisorError.class)
                .hasMessageContaining("not running");
    }

    @Test
    void aSuspendedGuestIsSavedToDiskAndTheResumeRestoresItInsteadOfBooting() {
        SpawnRequest req = luks();
        SpawnResult r = driver.spawn(req);

        driver.suspend(req.uuid());
        assertThat(driver.state(req.uuid())).isEqualTo(PowerState.SHUTDOWN);
        assertThat(host.hypervisor().hasManagedSave(r.domainName())).isTrue();
        // the disk keeps its secret and passphrase: the restore opens it again
        assertThat(host.secrets().lookup(r.secretUuid().orElseThrow())).isPresent();

        driver.resume(req.uuid());
        assertThat(driver.state(req.uuid())).isEqualTo(PowerState.RUNNING);
        assertThat(host.hypervisor().hasManagedSave(r.domainName())).isFalse();
        assertThat(boots(req)).isEqualTo(1);
    }

    @Test
    void theResumeDefinesTheDisksSecretAgainWhenLibvirtLostIt() {
        SpawnRequest req = luks();
        SpawnResult r = driver.spawn(req);
        driver.suspend(req.uuid());
        UUID secret = r.secretUuid().orElseThrow();
        host.secrets().undefine(secret);

        driver.resume(req.uuid());

        assertThat(driver.state(req.uuid())).isEqualTo(PowerState.RUNNING);
        assertThat(host.secrets().lookup(secret)).isPresent();
        assertThat(host.keys().list(SecretOwner.rootDisk(req.uuid()))).singleElement()
                .satisfies(k -> assertThat(k.id()).isEqualTo(secret));
    }

    @Test
    void libvirtRefusesToRestoreAGuestWhoseSecretIsGoneAsQemuWouldAndKeepsTheSavedImage() {
        SpawnRequest req = luks();
        SpawnResult r = driver.spawn(req);
        driver.suspend(req.uuid());
        UUID secret = r.secretUuid().orElseThrow();
        host.secrets().undefine(secret);

        assertThatThrownBy(() -> host.hypervisor().start(r.domainName())).isInstanceOf(HypervisorError.class)
                .hasMessage("Secret not found: no secret with matching uuid '" + secret + "'");

        assertThat(driver.state(req.uuid())).isEqualTo(PowerState.SHUTDOWN);
        assertThat(host.hypervisor().hasManagedSave(r.domainName())).isTrue();
    }

    @Test
    void aResumeWithNoPassphraseLeftToDefineTheSecretFromFailsAndKeepsTheSavedGuest() {
        SpawnRequest req = luks();
        SpawnResult r = driver.spawn(req);
        driver.suspend(req.uuid());
        UUID secret = r.secretUuid().orElseThrow();
        host.secrets().undefine(secret);
        host.keys().delete(secret);

        assertThatThrownBy(() -> driver.resume(req.uuid())).isInstanceOf(org.novalab.keys.ManagedSecretNotFound.class);

        assertThat(driver.state(req.uuid())).isEqualTo(PowerState.SHUTDOWN);
        assertThat(host.hypervisor().hasManagedSave(r.domainName())).isTrue();
    }

    @Test
    void aStartBootsTheGuestAfreshAndForgetsASavedOne() {
        SpawnRequest req = luks();
        SpawnResult r = driver.spawn(req);
        driver.suspend(req.uuid());

        driver.start(req.uuid()); // Nova's power-on undefines the domain with its managed save image

        assertThat(driver.state(req.uuid())).isEqualTo(PowerState.RUNNING);
        assertThat(host.hypervisor().hasManagedSave(r.domainName())).isFalse();
        assertThat(boots(req)).isEqualTo(2);
    }

    @Test
    void aHardRebootBootsAPausedOrASuspendedGuestAfresh() {
        SpawnRequest paused = luks();
        SpawnRequest suspended = luks();
        driver.spawn(paused);
        SpawnResult s = driver.spawn(suspended);
        driver.pause(paused.uuid());
        driver.suspend(suspended.uuid());

        driver.reboot(paused.uuid());
        driver.reboot(suspended.uuid());

        assertThat(driver.state(paused.uuid())).isEqualTo(PowerState.RUNNING);
        assertThat(driver.state(suspended.uuid())).isEqualTo(PowerState.RUNNING);
        assertThat(host.hypervisor().hasManagedSave(s.domainName())).isFalse();
        assertThat(boots(paused)).isEqualTo(2);
        assertThat(boots(suspended)).isEqualTo(2);
    }

    @Test
    void destroyingAPausedOrSuspendedInstanceLeavesNothingOfIt() {
        SpawnRequest paused = luks();
        SpawnRequest suspended = luks();
        SpawnResult p = driver.spawn(paused);
        SpawnResult s = driver.spawn(suspended);
        driver.pause(paused.uuid());
        driver.suspend(suspended.uuid());

        driver.destroy(paused.uuid());
        driver.destroy(suspended.uuid());

        for (SpawnResult r : List.of(p, s)) {
            assertThat(host.hypervisor().lookup(r.domainName())).isEmpty();
            assertThat(host.secrets().lookup(r.secretUuid().orElseThrow())).isEmpty();
            assertThat(host.keys().list(SecretOwner.rootDisk(r.uuid()))).isEmpty();
            assertThat(r.instanceDir()).doesNotExist();
        }
    }

    @Test
    void afterARestartAPausedServerIsPausedAndASuspendedOneSavedAndBothCarryOn() {
        SpawnRequest paused = luks();
        SpawnRequest suspended = luks();
        driver.spawn(paused);
        driver.spawn(suspended);
        driver.pause(paused.uuid());
        driver.suspend(suspended.uuid());
        host.close(); // the test driver forgets its domains and their saved images, novalab's store its secrets

        host = TestHosts.open(instances, cloud);
        driver = host.driver();
        ReconcileReport report = driver.reconcile(List.of(
                new KnownInstance(paused.uuid(), paused.domainName(), PowerState.PAUSED),
                KnownInstance.suspended(suspended.uuid(), suspended.domainName())));

        assertThat(report.flagged()).isEmpty();
        assertThat(driver.state(paused.uuid())).isEqualTo(PowerState.PAUSED);
        assertThat(driver.state(suspended.uuid())).isEqualTo(PowerState.SHUTDOWN);
        assertThat(host.hypervisor().hasManagedSave(suspended.domainName())).isTrue();

        driver.unpause(paused.uuid());
        driver.resume(suspended.uuid());
        assertThat(driver.state(paused.uuid())).isEqualTo(PowerState.RUNNING);
        assertThat(driver.state(suspended.uuid())).isEqualTo(PowerState.RUNNING);

        ReconcileReport again = driver.reconcile(List.of(
                new KnownInstance(paused.uuid(), paused.domainName(), PowerState.RUNNING)));
        assertThat(again.consistent()).extracting(ReconcileReport.Entry::uuid).containsExactly(paused.uuid());
    }

    @Test
    void reconcileSettlesADomainThatAnInterruptedActionLeftHalfWay() {
        SpawnRequest pausedButActive = luks();
        SpawnRequest runningButPaused = luks();
        SpawnRequest runningButSuspended = luks();
        SpawnRequest savedButActive = luks();
        for (SpawnRequest r : List.of(pausedButActive, runningButPaused, runningButSuspended, savedButActive)) {
            driver.spawn(r);
        }
        driver.pause(pausedButActive.uuid()); // killed after virDomainSuspend, before the table said paused
        driver.suspend(savedButActive.uuid()); // killed after the managed save, before the table said suspended

        ReconcileReport report = driver.reconcile(List.of(
                new KnownInstance(pausedButActive.uuid(), pausedButActive.domainName(), PowerState.RUNNING),
                new KnownInstance(runningButPaused.uuid(), runningButPaused.domainName(), PowerState.PAUSED),
                KnownInstance.suspended(runningButSuspended.uuid(), runningButSuspended.domainName()),
                new KnownInstance(savedButActive.uuid(), savedButActive.domainName(), PowerState.RUNNING)));

        assertThat(report.flagged()).isEmpty();
        assertThat(driver.state(pausedButActive.uuid())).isEqualTo(PowerState.RUNNING);
        assertThat(driver.state(runningButPaused.uuid())).isEqualTo(PowerState.PAUSED);
        assertThat(driver.state(runningButSuspended.uuid())).isEqualTo(PowerState.SHUTDOWN);
        assertThat(host.hypervisor().hasManagedSave(runningButSuspended.domainName())).isTrue();
        assertThat(driver.state(savedButActive.uuid())).isEqualTo(PowerState.RUNNING);
        assertThat(boots(savedButActive)).as("restored, not booted again").isEqualTo(1);
    }

    private static SpawnRequest luks() {
        return TestHosts.request(BackendKind.QCOW2, EncryptionChoice.luks(), DiskCreation.BACKING_FILE);
    }

    /** How often the guest booted: each boot prints the fixture's banner once. */
    private int boots(SpawnRequest req) {
        return driver.consoleOutput(req.uuid()).split(java.util.regex.Pattern.quote(FixtureGuest.BANNER), -1).length - 1;
    }
}

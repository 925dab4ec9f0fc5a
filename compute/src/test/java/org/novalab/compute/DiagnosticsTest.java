package org.novalab.compute;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.novalab.compute.hypervisor.DomainStats;
import org.novalab.compute.state.PowerState;
import org.novalab.compute.testing.TestCloud;
import org.novalab.compute.testing.TestHosts;

/** Nova's {@code get_diagnostics} reads the domain through libvirt-java: what test:///default reports of it. */
class DiagnosticsTest {
    @TempDir
    static Path shared;
    static TestCloud cloud;
    @TempDir
    Path instances;
    ComputeHost host;

    @BeforeAll
    static void cloud() {
        cloud = TestCloud.create(shared);
    }

    @BeforeEach
    void open() {
        host = TestHosts.open(instances, cloud);
    }

    @AfterEach
    void close() {
        host.close();
    }

    @Test
    void aRunningDomainReportsItsFlavorsMemoryAndVcpusAndItsRootDisksCounters() {
        SpawnRequest req = TestHosts.request(BackendKind.QCOW2, EncryptionChoice.luks(), DiskCreation.BACKING_FILE);
        host.driver().spawn(req);

        DomainStats stats = host.driver().diagnostics(req.uuid());

        assertThat(stats.state()).isEqualTo(PowerState.RUNNING);
        assertThat(stats.maxMemoryKib()).isEqualTo(TestHosts.M1_TINY.ramMb() * 1024L);
        assertThat(stats.vcpus()).isEqualTo(TestHosts.M1_TINY.vcpus());
        assertThat(stats.vcpuTimes()).extracting(DomainStats.VcpuTime::id).containsExactly(0);
        assertThat(stats.disks()).extracting(DomainStats.BlockStats::device).containsExactly("vda");
        assertThat(stats.interfaces()).as("novalab's guests have no network").isEmpty();
    }

    @Test
    void aStoppedGuestIsShutdownAndAnUnknownInstanceIsNotFound() {
        SpawnRequest req = TestHosts.request(BackendKind.QCOW2, EncryptionChoice.NONE, DiskCreation.BACKING_FILE);
        host.driver().spawn(req);
        host.driver().stop(req.uuid());

        assertThat(host.driver().diagnostics(req.uuid()).state()).isEqualTo(PowerState.SHUTDOWN);
        UUID unknown = UUID.randomUUID();
        assertThatThrownBy(() -> host.driver().diagnostics(unknown)).isInstanceOf(InstanceNotFound.class);
    }
}

package org.novalab.lab;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.novalab.compute.ComputeDriver;
import org.novalab.compute.SpawnRequest;
import org.novalab.compute.SpawnResult;
import org.novalab.compute.hypervisor.Hypervisor;
import org.novalab.disk.KeyLookup;
import org.novalab.disk.Passphrase;
import org.novalab.fixture.FixtureGuest;

/**
 * The write-back effect: a legacy AES overlay booted with its own secret (the guest writes its marker sector, so
 * that cluster is now allocated and encrypted in the overlay), then powered off, redefined with the other secret
 * (the appendix's edit of the XML) and started again. What the guest reads at the marker is read just before that
 * second start, with the other key: the guest's own bytes turned to garbage, while sector 0 still reads through to
 * the plaintext base.
 */
final class WriteBackExperiment {
    private final LabHost lab;
    private final DiskInspector inspector;

    WriteBackExperiment(LabHost lab, DiskInspector inspector) {
        this.lab = lab;
        this.inspector = inspector;
    }

    List<CaseResult> run(LabCase first, LabCase second) {
        ComputeDriver driver = lab.compute().driver();
        Hypervisor hypervisor = lab.compute().hypervisor();
        SpawnRequest request = lab.request(first);
        SpawnResult spawned = driver.spawn(request);
        UUID own = spawned.secretUuid().orElseThrow();
        try (Passphrase right = lab.passphraseOf(own).orElseThrow(); Passphrase other = lab.otherPassphrase()) {
            Path disk = driver.files(request.uuid()).disk();
            Observation firstBoot = Boots.await(() -> driver.consoleOutput(request.uuid()), 0, Duration.ofSeconds(1));
            DiskEvidence firstDisk = withMarker(inspector.inspect(disk, KeyLookup.always(right), KeyLookup.always(right)),
                    inspector.guest(disk, KeyLookup.always(right), FixtureGuest.MARKER_LBA));

            driver.stop(request.uuid());
            hypervisor.defineXml(hypervisor.dumpXml(request.domainName()).replace(own.toString(),
                    lab.otherSecret().toString()));
            SectorView markerWithOther = inspector.guest(disk, KeyLookup.always(other), FixtureGuest.MARKER_LBA);
            int from = driver.consoleOutput(request.uuid()).length();
            driver.start(request.uuid());
            Observation secondBoot = Boots.await(() -> driver.consoleOutput(request.uuid()), from, Duration.ofSeconds(1));
            DiskEvidence secondDisk = withMarker(inspector.inspect(disk, KeyLookup.always(right), KeyLookup.always(other)),
                    markerWithOther);
            return List.of(new CaseResult(first, firstBoot, Optional.empty(), Optional.of(firstDisk)),
                    new CaseResult(second, secondBoot, Optional.empty(), Optional.of(secondDisk)));
        } finally {
            driver.destroy(request.uuid());
        }
    }

    private static DiskEvidence withMarker(DiskEvidence e, SectorView marker) {
        return new DiskEvidence(e.disk(), e.chain(), e.clusters(), e.sector0Stored(), e.sector0Guest(),
                Optional.of(marker));
    }
}

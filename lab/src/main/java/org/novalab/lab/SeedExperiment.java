package org.novalab.lab;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import java.util.UUID;
import org.novalab.compute.BootFailed;
import org.novalab.compute.ComputeDriver;
import org.novalab.compute.EncryptionNotSupported;
import org.novalab.compute.SpawnRequest;
import org.novalab.compute.SpawnResult;
import org.novalab.disk.KeyLookup;
import org.novalab.disk.Passphrase;

/**
 * Runs one of the seed's experiments through the compute driver, as the api's boot-from-image does: spawn (build
 * the disk, define the domain with the case's secret in {@code <encryption>}, start), read the console, inspect the
 * disk, destroy (which undefines the domain and the disk's secret).
 */
final class SeedExperiment {
    private final LabHost lab;
    private final DiskInspector inspector;
    private final Duration bootTimeout;

    SeedExperiment(LabHost lab, DiskInspector inspector, Duration bootTimeout) {
        this.lab = lab;
        this.inspector = inspector;
        this.bootTimeout = bootTimeout;
    }

    /** Observes the case; {@code inspect} also collects the disk's evidence (needs the disk's key). */
    CaseResult run(LabCase c, boolean inspect) {
        SpawnRequest request = lab.request(c);
        ComputeDriver driver = lab.compute().driver();
        SpawnResult spawned;
        try {
            spawned = driver.spawn(request);
        } catch (BootFailed e) {
            return result(c, new Observation(Outcome.REFUSED, e.getMessage(), "", null), Optional.empty());
        } catch (EncryptionNotSupported e) {
            return result(c, new Observation(Outcome.UNSUPPORTED, e.getMessage(), "", null), Optional.empty());
        }
        try {
            Observation observed = Boots.await(() -> driver.consoleOutput(request.uuid()), 0, bootTimeout);
            Optional<DiskEvidence> evidence = inspect
                    ? Optional.of(evidence(c, driver.files(request.uuid()).disk(), spawned.secretUuid().orElseThrow()))
                    : Optional.empty();
            return result(c, observed, evidence);
        } finally {
            driver.destroy(request.uuid());
        }
    }

    private DiskEvidence evidence(LabCase c, Path disk, UUID ownSecret) {
        try (Passphrase own = lab.passphraseOf(ownSecret).orElseThrow();
             Passphrase other = lab.otherPassphrase()) {
            Passphrase guest = c.secret() == SecretChoice.RIGHT ? own : other;
            return inspector.inspect(disk, KeyLookup.always(own), KeyLookup.always(guest));
        }
    }

    private static CaseResult result(LabCase c, Observation o, Optional<DiskEvidence> e) {
        return new CaseResult(c, o, Optional.empty(), e);
    }
}

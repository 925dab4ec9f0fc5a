package org.novalab.lab;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.novalab.compute.HypervisorError;
import org.novalab.compute.InstanceName;
import org.novalab.compute.domain.DiskDefinition;
import org.novalab.compute.domain.DiskEncryption;
import org.novalab.compute.domain.DiskSource;
import org.novalab.compute.domain.DomainDefinition;
import org.novalab.compute.domain.DomainDocument;
import org.novalab.compute.hypervisor.Hypervisor;
import org.novalab.compute.secret.SecretDefinition;
import org.novalab.compute.secret.SecretStore;
import org.novalab.disk.CreateOptions;
import org.novalab.disk.DiskTool;
import org.novalab.disk.EncryptionSpec;
import org.novalab.disk.ImageFormat;
import org.novalab.disk.KeyLookup;
import org.novalab.disk.Passphrase;
import org.novalab.fixture.FixtureGuest;

/**
 * The author's proposed verification, done as the seed's appendix does it by hand: {@code img convert} the base
 * with the password 123456 into an encrypted "cirros", then repeat both methods on it ({@code img create} an
 * encrypted overlay on it; {@code img convert} it again), {@code secret-define} + {@code secret-set-value},
 * write the domain XML with {@code <encryption format='qcow'>}, {@code define}, {@code start}, read console.log,
 * {@code destroy}, {@code undefine}. Same hypervisor, secret store and boot emulation as the driver uses.
 */
final class VerificationExperiment {
    /** The seed's password. */
    static final String PASSWORD = "123456";
    private static final long GIB = 1L << 30;

    private final LabHost lab;
    private final DiskInspector inspector;
    private final Path workDir;
    private Path encryptedBase;

    VerificationExperiment(LabHost lab, DiskInspector inspector, Path workDir) {
        this.lab = lab;
        this.inspector = inspector;
        this.workDir = workDir;
    }

    CaseResult run(LabCase c) {
        DiskTool disks = lab.disks();
        Hypervisor hypervisor = lab.compute().hypervisor();
        SecretStore secrets = lab.compute().secrets();
        Path dir = workDir.resolve(c.id());
        UUID ownSecret = UUID.randomUUID();
        String name = InstanceName.of(lab.nextInstanceNumber());
        try (Passphrase pw = Passphrase.of(PASSWORD); Passphrase other = lab.otherPassphrase()) {
            Files.createDirectories(dir);
            Path disk = dir.resolve("disk.qcow2");
            build(c.recipe(), disk, pw);
            secrets.define(SecretDefinition.forVolume(ownSecret, disk.toString()));
            secrets.setValue(ownSecret, pw);
            Path console = dir.resolve("console.log");
            Files.writeString(console, "");
            UUID xmlSecret = c.secret() == SecretChoice.RIGHT ? ownSecret : lab.otherSecret();
            hypervisor.define(DomainDocument.of(domain(name, disk, xmlSecret, console)));
            Observation observed;
            try {
                hypervisor.start(name);
                observed = Boots.await(() -> read(console), 0, java.time.Duration.ofSeconds(1));
            } catch (HypervisorError e) {
                observed = new Observation(Outcome.REFUSED, e.getMessage(), "", null);
            }
            Passphrase guest = c.secret() == SecretChoice.RIGHT ? pw : other;
            DiskEvidence evidence = inspector.inspect(disk, KeyLookup.always(pw), KeyLookup.always(guest));
            return new CaseResult(c, observed, Optional.empty(), Optional.of(evidence));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot prepare " + dir, e);
        } finally {
            hypervisor.undefine(name);
            if (secrets.lookup(ownSecret).isPresent()) {
                secrets.undefine(ownSecret);
            }
        }
    }

    private void build(Recipe recipe, Path disk, Passphrase pw) {
        DiskTool disks = lab.disks();
        Path base = encryptedBase(pw);
        CreateOptions target = CreateOptions.qcow2(GIB).withEncryption(EncryptionSpec.aes(pw.copy()));
        switch (recipe) {
            case OVERLAY_ON_ENCRYPTED_BASE -> disks.create(disk, target.withBacking(base.toString(), ImageFormat.QCOW2));
            case CONVERT_OF_ENCRYPTED_BASE -> disks.convert(base, ImageFormat.QCOW2, KeyLookup.always(pw), disk, target);
            default -> throw new IllegalArgumentException(recipe + " is not a verification recipe");
        }
    }

    /** "Create an encrypted cirros image": the plain base converted with the password, once. */
    private synchronized Path encryptedBase(Passphrase pw) {
        if (encryptedBase == null) {
            Path p = workDir.resolve("cirros-encrypted.qcow2");
            lab.disks().convert(lab.plainBase(), ImageFormat.RAW, KeyLookup.NONE, p,
                    CreateOptions.qcow2(FixtureGuest.SIZE).withEncryption(EncryptionSpec.aes(pw.copy())));
            encryptedBase = p;
        }
        return encryptedBase;
    }

    private static DomainDefinition domain(String name, Path disk, UUID secret, Path console) {
        DiskDefinition d = DiskDefinition.rootDisk(new DiskSource.File(disk), "qcow2",
                Optional.of(new DiskEncryption("qcow", secret)));
        return new DomainDefinition("qemu", name, UUID.randomUUID(), 65536, 1, List.of(d), Optional.of(console));
    }

    private static String read(Path console) {
        try {
            return Files.readString(console, StandardCharsets.ISO_8859_1);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}

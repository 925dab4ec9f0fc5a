package org.novalab.compute.inspect;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.stream.Stream;
import org.novalab.compute.ComputeConfig;
import org.novalab.compute.InstanceFiles;
import org.novalab.compute.InstanceNotFound;
import org.novalab.compute.backend.RbdVolumeStat;
import org.novalab.compute.backend.RbdVolumes;
import org.novalab.compute.domain.DiskDefinition;
import org.novalab.compute.domain.DiskEncryption;
import org.novalab.compute.domain.DiskSource;
import org.novalab.compute.domain.DomainDefinition;
import org.novalab.compute.domain.DomainXml;
import org.novalab.compute.hypervisor.DomainStatus;
import org.novalab.compute.hypervisor.Hypervisor;
import org.novalab.compute.instance.InstanceDirs;
import org.novalab.compute.secret.SecretDefinition;
import org.novalab.compute.secret.SecretKeyring;
import org.novalab.compute.secret.SecretStore;
import org.novalab.compute.state.PowerState;
import org.novalab.disk.DiskException;
import org.novalab.disk.DiskTool;
import org.novalab.disk.KeyLookup;
import org.novalab.disk.MapEntry;
import org.novalab.disk.Passphrase;

/**
 * Looks at the host's instances the way the seed's author did on the compute node: the instance directory Nova's
 * way ({@code instances/<uuid>/libvirt.xml, disk, console.log, secret.xml}), the disk's backing chain and where its
 * clusters live, the domain as the hypervisor has it, the secret's metadata. Reads only; values never leave.
 */
public final class HostInspector {
    private static final int CONSOLE_TAIL = 64 * 1024;

    private final Path instancesDir;
    private final Hypervisor hypervisor;
    private final SecretStore secrets;
    private final Optional<SecretKeyring> keyring;
    private final DiskTool disks;
    private final Optional<RbdVolumes> rbd;

    public HostInspector(ComputeConfig config, Hypervisor hypervisor, SecretStore secrets,
                         Optional<SecretKeyring> keyring, DiskTool disks) {
        this(config, hypervisor, secrets, keyring, disks, Optional.empty());
    }

    /** As above, with the RBD pool the host's network disks (boot from volume) live in. */
    public HostInspector(ComputeConfig config, Hypervisor hypervisor, SecretStore secrets,
                         Optional<SecretKeyring> keyring, DiskTool disks, Optional<RbdVolumes> rbd) {
        this.rbd = rbd;
        this.instancesDir = config.instancesDir();
        this.hypervisor = hypervisor;
        this.secrets = secrets;
        this.keyring = keyring;
        this.disks = disks;
    }

    /** Every instance directory that holds a domain XML, in name order. */
    public List<InstanceSummary> instances() {
        List<InstanceSummary> out = new ArrayList<>();
        for (Path dir : instanceDirs()) {
            DomainDefinition d = domainOf(InstanceFiles.of(dir));
            out.add(new InstanceSummary(UUID.fromString(dir.getFileName().toString()), d.name(), status(d.name())));
        }
        return out;
    }

    public InstanceEvidence describe(UUID uuid) {
        InstanceFiles files = InstanceFiles.of(instancesDir.resolve(uuid.toString()));
        if (!Files.isRegularFile(files.libvirtXml())) {
            throw new InstanceNotFound(uuid);
        }
        DomainDefinition domain = domainOf(files);
        DiskDefinition disk = domain.bootDisk().orElseThrow(() -> new InstanceNotFound(uuid));
        Optional<UUID> secretUuid = disk.encryption().map(DiskEncryption::secretUuid);
        List<ChainLayer> chain = disk.source() instanceof DiskSource.File f ? chain(f.path()) : List.of();
        Map<String, RbdVolumeStat> volumes = new HashMap<>();
        Map<UUID, SecretDefinition> defined = new HashMap<>();
        for (DiskDefinition d : domain.disks()) {
            if (d.source() instanceof DiskSource.Rbd r) {
                rbd.filter(v -> v.pool().equals(r.pool())).flatMap(v -> v.stat(r.image()))
                        .ifPresent(v -> volumes.put(r.name(), v));
            }
            d.encryption().map(DiskEncryption::secretUuid)
                    .ifPresent(u -> secrets.lookup(u).ifPresent(def -> defined.put(u, def)));
        }
        return new InstanceEvidence(uuid, domain.name(), status(domain.name()), instancesDir,
                tree(files.dir(), chain), disk, chain, clusters(chain, secretUuid), secretUuid,
                secretUuid.flatMap(secrets::lookup), xml(files, domain.name()), console(domain), domain.disks(),
                volumes, defined);
    }

    /** The instance's own directory and the files of its chain outside it ({@code _base/<sha1>}), as tree shows. */
    private String tree(Path instanceDir, List<ChainLayer> chain) {
        Path own = instanceDir.toAbsolutePath().normalize();
        List<Path> used = chain.stream().map(l -> l.file().toAbsolutePath().normalize()).toList();
        return DirectoryTree.renderOnly(instancesDir, p -> {
            Path abs = p.toAbsolutePath().normalize();
            return abs.startsWith(own) || own.startsWith(abs) || used.stream().anyMatch(u -> u.startsWith(abs));
        });
    }

    /** The disk's chain as {@code qemu-img info --backing-chain} shows it, as far as its files exist. */
    private List<ChainLayer> chain(Path disk) {
        if (!Files.exists(disk)) {
            return List.of();
        }
        try {
            return disks.backingChain(disk).stream().map(i -> new ChainLayer(Path.of(i.filename()), i)).toList();
        } catch (DiskException e) {
            return List.of(new ChainLayer(disk, disks.info(disk)));
        }
    }

    /**
     * The top file's extents. LUKS metadata needs the key to be read: the hypervisor's keyring has it for novalab's
     * own secret store; a real libvirt keeps it, and then the map stays empty.
     */
    private Optional<List<MapEntry>> clusters(List<ChainLayer> chain, Optional<UUID> secret) {
        if (chain.isEmpty()) {
            return Optional.empty();
        }
        Path top = chain.get(0).file();
        try {
            return Optional.of(disks.map(top, KeyLookup.NONE));
        } catch (DiskException needsKey) {
            if (secret.isEmpty() || keyring.isEmpty()) {
                return Optional.empty();
            }
            try (Passphrase p = keyring.get().passphraseForHypervisor(secret.get())) {
                return Optional.of(disks.map(top, KeyLookup.always(p)));
            }
        }
    }

    private String xml(InstanceFiles files, String name) {
        return hypervisor.lookup(name).isPresent() ? hypervisor.dumpXml(name) : InstanceDirs.read(files.libvirtXml());
    }

    private static String console(DomainDefinition d) {
        return d.consoleLog().filter(Files::exists).map(InstanceDirs::read)
                .map(s -> s.length() > CONSOLE_TAIL ? s.substring(s.length() - CONSOLE_TAIL) : s).orElse("");
    }

    private String status(String name) {
        return hypervisor.lookup(name).map(DomainStatus::state).map(PowerState::virshName).orElse("not defined");
    }

    private List<Path> instanceDirs() {
        if (!Files.isDirectory(instancesDir)) {
            return List.of();
        }
        try (Stream<Path> s = Files.list(instancesDir)) {
            return s.filter(p -> Files.isRegularFile(InstanceFiles.of(p).libvirtXml()))
                    .filter(p -> isUuid(p.getFileName().toString())).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list " + instancesDir, e);
        }
    }

    /** The instance's domain as it was defined: its libvirt.xml (the hypervisor may have forgotten it). */
    private static DomainDefinition domainOf(InstanceFiles files) {
        return DomainXml.parse(InstanceDirs.read(files.libvirtXml()));
    }

    private static boolean isUuid(String s) {
        try {
            UUID.fromString(s);
            return true;
        } catch (IllegalArgumentException e) {
            return false;
        }
    }
}

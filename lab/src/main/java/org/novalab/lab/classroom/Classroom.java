package org.novalab.lab.classroom;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.stream.Stream;
import org.novalab.compute.InstanceNotFound;
import org.novalab.compute.PowerState;
import org.novalab.compute.domain.DiskDefinition;
import org.novalab.compute.domain.DiskSource;
import org.novalab.compute.domain.DomainDefinition;
import org.novalab.compute.domain.DomainXml;
import org.novalab.compute.hypervisor.DomainStatus;
import org.novalab.compute.hypervisor.Hypervisor;
import org.novalab.compute.secret.SecretDefinition;
import org.novalab.compute.secret.SecretKeyring;
import org.novalab.compute.secret.SecretStore;
import org.novalab.disk.DiskException;
import org.novalab.disk.DiskTool;
import org.novalab.disk.ImageInfo;
import org.novalab.disk.KeyLookup;
import org.novalab.disk.Passphrase;
import org.novalab.disk.info.InfoPrinter;
import org.novalab.lab.ClusterMap;
import org.novalab.lab.JsonReport;

/**
 * What the classroom page shows of one instance, read from the compute host's own state: the instance directory
 * Nova's way ({@code instances/<uuid>/libvirt.xml, disk, console.log, secret.xml}), the disk's backing chain, where
 * its clusters live, the domain as the hypervisor has it, and the secret's metadata (never its value).
 */
public final class Classroom {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int CONSOLE_TAIL = 64 * 1024;

    private final Path instancesDir;
    private final Hypervisor hypervisor;
    private final SecretStore secrets;
    private final DiskTool disks;
    private final ImageCatalog images;

    public Classroom(Path instancesDir, Hypervisor hypervisor, SecretStore secrets, DiskTool disks,
                     ImageCatalog images) {
        this.instancesDir = instancesDir.toAbsolutePath().normalize();
        this.hypervisor = hypervisor;
        this.secrets = secrets;
        this.disks = disks;
        this.images = images;
    }

    /** Every instance directory with a domain XML: {@code {"instances": [{"uuid", "name", "domain", "status"}]}}. */
    public ObjectNode instances() {
        ObjectNode root = JSON.createObjectNode();
        ArrayNode list = root.putArray("instances");
        for (Path dir : instanceDirs()) {
            DomainDefinition d = domain(dir);
            ObjectNode n = list.addObject();
            n.put("uuid", dir.getFileName().toString());
            n.put("name", d.name());
            n.put("domain", d.name());
            n.put("status", status(d.name()));
        }
        return root;
    }

    /** The page's whole view of one instance; see {@code classroom.js} for how it is drawn. */
    public ObjectNode describe(UUID uuid) {
        Path dir = instancesDir.resolve(uuid.toString());
        if (!Files.isRegularFile(dir.resolve("libvirt.xml"))) {
            throw new InstanceNotFound(uuid);
        }
        DomainDefinition domain = domain(dir);
        DiskDefinition disk = domain.bootDisk().orElseThrow(() -> new InstanceNotFound(uuid));
        Optional<UUID> secretUuid = disk.encryption().map(e -> e.secretUuid());
        List<Path> chain = disk.source() instanceof DiskSource.File f ? chain(f.path()) : List.of();
        Optional<GlanceImage> image = chain.isEmpty() ? Optional.empty()
                : images.byBaseName(chain.get(chain.size() - 1).getFileName().toString());

        ObjectNode root = JSON.createObjectNode();
        root.put("uuid", uuid.toString());
        root.put("name", domain.name());
        root.put("domain", domain.name());
        root.put("tree", DirectoryTree.render(instancesDir, Classroom::novaEntry));
        ArrayNode files = root.putArray("chain");
        for (Path p : chain) {
            files.addObject().put("file", show(p)).put("info", info(p));
        }
        String console = console(domain);
        root.set("flow", Flow.of(image, chain, this::show, disk, secretUuid, domain.name(), status(domain.name()),
                console, infos(chain)));
        clusters(chain, secretUuid).ifPresent(m -> {
            root.set("clusters", JsonReport.clusters(m));
            root.put("clusterSummary", m.summary(chain.size() > 1));
        });
        secretUuid.flatMap(secrets::lookup).ifPresentOrElse(s -> root.set("secret", secret(s)),
                () -> secretUuid.ifPresent(u -> root.putObject("secret").put("uuid", u.toString())
                        .put("usage", "(not defined in the secret store)")));
        root.put("xml", xml(dir, domain.name()));
        root.put("console", console);
        return root;
    }

    /** What Nova keeps in its instances dir: {@code _base}, {@code locks} and one directory per instance. */
    private static boolean novaEntry(Path p) {
        String name = p.getFileName().toString();
        return name.equals("_base") || name.equals("locks") || name.equals("compute_nodes")
                || Files.isRegularFile(p.resolve("libvirt.xml"));
    }

    private List<ImageInfo> infos(List<Path> chain) {
        return chain.stream().map(disks::info).toList();
    }

    private Optional<ClusterMap> clusters(List<Path> chain, Optional<UUID> secret) {
        if (chain.isEmpty()) {
            return Optional.empty();
        }
        Path top = chain.get(0);
        ImageInfo info = disks.info(top);
        int clusterSize = info.clusterSize() == null ? 65536 : info.clusterSize();
        try {
            return Optional.of(ClusterMap.of(disks.map(top, KeyLookup.NONE), info.virtualSize(), clusterSize));
        } catch (DiskException needsKey) {
            // LUKS metadata needs the key: the hypervisor's keyring has it (novalab's store); libvirt's keeps it
            if (secret.isPresent() && secrets instanceof SecretKeyring keyring) {
                try (Passphrase p = keyring.passphraseForHypervisor(secret.get())) {
                    return Optional.of(ClusterMap.of(disks.map(top, KeyLookup.always(p)), info.virtualSize(),
                            clusterSize));
                }
            }
            return Optional.empty();
        }
    }

    private List<Path> chain(Path disk) {
        List<Path> out = new ArrayList<>();
        Path p = disk.toAbsolutePath().normalize();
        while (p != null && out.size() < 16 && Files.exists(p)) {
            out.add(p);
            ImageInfo info = disks.info(p);
            String backing = info.fullBackingFilename() != null ? info.fullBackingFilename() : info.backingFilename();
            p = backing == null ? null : p.getParent().resolve(backing).normalize();
        }
        return out;
    }

    private String info(Path p) {
        return InfoPrinter.text(disks.info(p)).replace(instancesDir + "/", "");
    }

    private ObjectNode secret(SecretDefinition s) {
        return JSON.createObjectNode().put("uuid", s.uuid().toString()).put("usage", "volume " + s.usageVolume())
                .put("private", s.isPrivate()).put("ephemeral", s.ephemeral());
    }

    private String xml(Path dir, String name) {
        if (hypervisor.lookup(name).isPresent()) {
            return hypervisor.dumpXml(name);
        }
        return read(dir.resolve("libvirt.xml"));
    }

    private String console(DomainDefinition d) {
        return d.consoleLog().filter(Files::exists).map(Classroom::read)
                .map(s -> s.length() > CONSOLE_TAIL ? s.substring(s.length() - CONSOLE_TAIL) : s).orElse("");
    }

    private String status(String name) {
        return hypervisor.lookup(name).map(DomainStatus::state).map(PowerState::virshName).orElse("not defined");
    }

    private List<Path> instanceDirs() {
        try (Stream<Path> s = Files.list(instancesDir)) {
            return s.filter(p -> Files.isRegularFile(p.resolve("libvirt.xml"))).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list " + instancesDir, e);
        }
    }

    private static DomainDefinition domain(Path dir) {
        return DomainXml.parse(read(dir.resolve("libvirt.xml")));
    }

    private String show(Path p) {
        Path abs = p.toAbsolutePath().normalize();
        return abs.startsWith(instancesDir) ? instancesDir.relativize(abs).toString() : abs.toString();
    }

    private static String read(Path p) {
        try {
            return Files.readString(p, StandardCharsets.ISO_8859_1);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + p, e);
        }
    }
}

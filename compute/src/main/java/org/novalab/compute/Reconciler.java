package org.novalab.compute;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Stream;
import org.novalab.compute.ReconcileReport.Entry;
import org.novalab.compute.domain.DomainDefinition;
import org.novalab.compute.domain.DomainXml;
import org.novalab.compute.hypervisor.DomainStatus;
import org.novalab.compute.hypervisor.Hypervisor;
import org.novalab.compute.instance.InstanceDirs;
import org.novalab.compute.state.PowerState;

/**
 * Brings the hypervisor back in line with the database after novalab restarts (the test driver forgets every
 * domain and novalab's secret store every secret when the process ends). Never deletes anything: a known instance
 * whose directory survives is redefined from its libvirt.xml (its secret restored from secret.xml and the key
 * manager) and put back in its
 * expected power state; everything else is reported.
 */
final class Reconciler {
    private final ComputeConfig config;
    private final Hypervisor hypervisor;
    private final DiskSecrets secrets;

    Reconciler(ComputeConfig config, Hypervisor hypervisor, DiskSecrets secrets) {
        this.config = config;
        this.hypervisor = hypervisor;
        this.secrets = secrets;
    }

    ReconcileReport reconcile(Collection<KnownInstance> known) {
        List<Entry> fixed = new ArrayList<>();
        List<Entry> flagged = new ArrayList<>();
        List<Entry> orphans = new ArrayList<>();
        List<Entry> consistent = new ArrayList<>();
        Map<UUID, DomainStatus> domains = new HashMap<>();
        hypervisor.list().forEach(d -> domains.put(d.uuid(), d));
        Set<UUID> knownIds = new HashSet<>();
        for (KnownInstance k : known) {
            knownIds.add(k.uuid());
            InstanceFiles files = InstanceFiles.of(config.instanceDir(k.uuid()));
            Path xml = files.libvirtXml();
            DomainStatus domain = domains.get(k.uuid());
            if (!Files.exists(xml)) {
                flagged.add(new Entry(k.uuid(), k.domainName(), domain == null
                        ? "lost: no instance directory and no domain"
                        : "no instance directory, but domain " + domain.name() + " is " + domain.state()));
                continue;
            }
            try {
                DomainDefinition def = DomainXml.parse(InstanceDirs.read(xml));
                List<String> done = new ArrayList<>();
                restoreSecret(files, done);
                if (domain == null) {
                    hypervisor.defineXml(InstanceDirs.read(xml));
                    done.add("redefined " + def.name());
                }
                PowerState now = hypervisor.lookup(def.name()).map(DomainStatus::state).orElse(PowerState.NOSTATE);
                bringTo(k, def.name(), now, done);
                (done.isEmpty() ? consistent : fixed).add(new Entry(k.uuid(), def.name(),
                        done.isEmpty() ? "as expected: " + now : String.join(", ", done)));
            } catch (RuntimeException e) {
                flagged.add(new Entry(k.uuid(), k.domainName(), "could not restore: " + e.getMessage()));
            }
        }
        domains.values().stream().filter(d -> !knownIds.contains(d.uuid()) && d.name().startsWith("instance-"))
                .forEach(d -> orphans.add(new Entry(d.uuid(), d.name(), "domain unknown to the database: " + d.state())));
        for (UUID dirId : instanceDirs()) {
            if (!knownIds.contains(dirId) && !domains.containsKey(dirId)) {
                orphans.add(new Entry(dirId, "", "instance directory unknown to the database"));
            }
        }
        return new ReconcileReport(fixed, flagged, orphans, consistent);
    }

    /**
     * Puts the domain in the state the database expects: running (a paused guest carries on, a shut off one starts,
     * restoring a managed save image a suspend cut short left), paused, shut off, or shut off with its guest saved.
     * A suspended instance whose managed save image is gone (the test driver's die with the process) is started and
     * saved again, so that it stays suspended and its resume restores it.
     */
    private void bringTo(KnownInstance k, String name, PowerState now, List<String> done) {
        boolean active = now == PowerState.RUNNING || now == PowerState.PAUSED;
        switch (k.expected()) {
            case RUNNING -> {
                if (now == PowerState.PAUSED) {
                    hypervisor.unpause(name);
                    done.add("unpaused");
                } else if (!active) {
                    hypervisor.start(name);
                    done.add("started");
                }
            }
            case PAUSED -> {
                if (!active) {
                    hypervisor.start(name);
                    done.add("started");
                }
                if (now != PowerState.PAUSED) {
                    hypervisor.pause(name);
                    done.add("paused");
                }
            }
            default -> {
                if (k.saved()) {
                    if (!active && !hypervisor.hasManagedSave(name)) {
                        hypervisor.start(name);
                        done.add("started");
                        active = true;
                    }
                    if (active) {
                        hypervisor.managedSave(name);
                        done.add("saved");
                    }
                } else if (active) {
                    hypervisor.powerOff(name);
                    done.add("powered off");
                }
            }
        }
    }

    private void restoreSecret(InstanceFiles files, List<String> done) {
        DiskSecrets.namedBy(files).filter(secrets::restore)
                .ifPresent(secret -> done.add("restored secret " + secret.uuid()));
    }

    private List<UUID> instanceDirs() {
        if (!Files.isDirectory(config.instancesDir())) {
            return List.of();
        }
        try (Stream<Path> s = Files.list(config.instancesDir())) {
            return s.filter(Files::isDirectory).map(p -> uuid(p.getFileName().toString()))
                    .flatMap(Optional::stream).toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static Optional<UUID> uuid(String s) {
        try {
            return Optional.of(UUID.fromString(s));
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }
}

package org.novalab.compute.hypervisor;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import org.libvirt.Connect;
import org.libvirt.Domain;
import org.libvirt.DomainInfo;
import org.libvirt.LibvirtException;
import org.novalab.compute.HypervisorError;
import org.novalab.compute.domain.DiskDefinition;
import org.novalab.compute.domain.DomainDocument;
import org.novalab.compute.domain.DomainXml;
import org.novalab.compute.domain.Xml;
import org.novalab.compute.password.PasswordNotSet;
import org.novalab.compute.state.PowerState;
import org.novalab.disk.Passphrase;
import org.w3c.dom.Element;

/** Domains through libvirt-java on one long-lived connection; every {@link Domain} object is freed after use. */
public final class LibvirtHypervisor implements Hypervisor {
    /** {@code VIR_DOMAIN_UNDEFINE_MANAGED_SAVE}. */
    private static final int UNDEFINE_MANAGED_SAVE = 1;
    private final LibvirtConnection connection;

    public LibvirtHypervisor(LibvirtConnection connection) {
        this.connection = connection;
    }

    public LibvirtConnection connection() {
        return connection;
    }

    @Override
    public String uri() {
        return connection.uri();
    }

    @Override
    public boolean runsRealGuests() {
        return !connection.isTestDriver();
    }

    @Override
    public void define(DomainDocument domain) {
        defineXml(domain.xml());
    }

    @Override
    public synchronized void defineXml(String domainXml) {
        try {
            free(connect().domainDefineXML(domainXml));
        } catch (LibvirtException e) {
            throw error(e);
        }
    }

    /** libvirt's {@code VIR_DOMAIN_AFFECT_LIVE} and {@code VIR_DOMAIN_AFFECT_CONFIG}. */
    private static final int AFFECT_LIVE = 1;
    private static final int AFFECT_CONFIG = 2;

    @Override
    public synchronized void attachDisk(String name, DomainDocument updated, DiskDefinition disk, boolean live) {
        String xml = DomainXml.writeDisk(disk);
        withDomain(name, d -> {
            d.attachDeviceFlags(xml, AFFECT_CONFIG | (live ? AFFECT_LIVE : 0));
            return null;
        });
    }

    @Override
    public synchronized void detachDisk(String name, DomainDocument updated, DiskDefinition disk, boolean live) {
        String xml = DomainXml.writeDisk(disk);
        withDomain(name, d -> {
            d.detachDeviceFlags(xml, AFFECT_CONFIG | (live ? AFFECT_LIVE : 0));
            return null;
        });
    }

    @Override
    public synchronized void start(String name) {
        withDomain(name, d -> {
            d.create();
            return null;
        });
    }

    /**
     * libvirt-java 0.5 has no {@code setUserPassword}: the agent command libvirt's own implementation sends,
     * {@code guest-set-user-password} with the password in base64. That command text is the one heap copy of the
     * password, for this call only.
     */
    @Override
    public synchronized void setUserPassword(String name, String user, Passphrase password) {
        byte[] bytes = password.bytes();
        try {
            String command = "{\"execute\":\"guest-set-user-password\",\"arguments\":{\"username\":"
                    + JsonNodeFactory.instance.textNode(user) + ",\"password\":\""
                    + Base64.getEncoder().encodeToString(bytes) + "\",\"crypted\":false}}";
            withDomain(name, d -> d.qemuAgentCommand(command, 30, 0));
        } catch (HypervisorError e) {
            if (e.getMessage() != null && e.getMessage().contains("agent is not")) {
                throw PasswordNotSet.agentUnresponsive(e.getMessage());
            }
            throw e;
        } finally {
            Arrays.fill(bytes, (byte) 0);
        }
    }

    @Override
    public synchronized void pause(String name) {
        withDomain(name, d -> {
            d.suspend();
            return null;
        });
    }

    @Override
    public synchronized void unpause(String name) {
        withDomain(name, d -> {
            d.resume();
            return null;
        });
    }

    @Override
    public synchronized void managedSave(String name) {
        withDomain(name, d -> {
            d.managedSave();
            return null;
        });
    }

    @Override
    public synchronized boolean hasManagedSave(String name) {
        return withDomain(name, d -> d.hasManagedSaveImage() == 1);
    }

    @Override
    public synchronized void removeManagedSave(String name) {
        withDomain(name, d -> {
            if (d.hasManagedSaveImage() == 1) {
                d.managedSaveRemove();
            }
            return null;
        });
    }

    @Override
    public synchronized void powerOff(String name) {
        withDomain(name, d -> {
            if (d.isActive() == 1) {
                d.destroy();
            }
            return null;
        });
    }

    @Override
    public synchronized void reboot(String name) {
        powerOff(name);
        start(name);
    }

    @Override
    public synchronized void undefine(String name) {
        Domain d = find(name);
        if (d == null) {
            return;
        }
        try {
            if (d.isActive() == 1) {
                d.destroy();
            }
            // a suspended guest's saved memory goes with it (libvirt refuses a plain undefine while it exists)
            d.undefine(UNDEFINE_MANAGED_SAVE);
        } catch (LibvirtException e) {
            throw error(e);
        } finally {
            free(d);
        }
    }

    @Override
    public synchronized Optional<DomainStatus> lookup(String name) {
        return statusOf(find(name));
    }

    @Override
    public synchronized Optional<DomainStatus> lookup(UUID uuid) {
        return statusOf(find(c -> c.domainLookupByUUIDString(uuid.toString())));
    }

    /** The domain's status, freeing it; empty for no domain. */
    private static Optional<DomainStatus> statusOf(Domain d) {
        if (d == null) {
            return Optional.empty();
        }
        try {
            return Optional.of(status(d));
        } catch (LibvirtException e) {
            throw error(e);
        } finally {
            free(d);
        }
    }

    @Override
    public synchronized List<DomainStatus> list() {
        try {
            Set<String> names = new LinkedHashSet<>();
            for (int id : connect().listDomains()) {
                Domain d = connect().domainLookupByID(id);
                try {
                    names.add(d.getName());
                } finally {
                    free(d);
                }
            }
            names.addAll(List.of(connect().listDefinedDomains()));
            List<DomainStatus> out = new ArrayList<>();
            for (String n : names) {
                lookup(n).ifPresent(out::add);
            }
            return out;
        } catch (LibvirtException e) {
            throw error(e);
        }
    }

    @Override
    public synchronized String dumpXml(String name) {
        return withDomain(name, d -> d.getXMLDesc(0));
    }

    @Override
    public synchronized DomainStats stats(String name) {
        return withDomain(name, d -> {
            DomainInfo info = d.getInfo();
            Element domain = Xml.parse(d.getXMLDesc(0), "domain");
            List<Element> devices = Xml.first(domain, "devices").stream().toList();
            List<DomainStats.VcpuTime> vcpus = supported(d::getVcpusInfo).map(v -> Arrays.stream(v)
                    .map(c -> new DomainStats.VcpuTime(c.number, c.cpuTime)).toList()).orElse(List.of());
            Map<String, Long> memory = new LinkedHashMap<>();
            supported(() -> d.memoryStats(MEMORY_STATS)).ifPresent(stats -> Arrays.stream(stats)
                    .forEach(m -> memory.put(memoryTag(m.getTag()), m.getValue())));
            return new DomainStats(Xml.attr(domain, "type").orElse("qemu"), powerState(info.state), info.maxMem, info.memory, info.nrVirtCpu, info.cpuTime,
                    vcpus, diskStats(d, devices), interfaceStats(d, devices), memory);
        });
    }

    /** {@code virDomainBlockStats} of every disk target the domain's XML names. */
    private static List<DomainStats.BlockStats> diskStats(Domain d, List<Element> devices) {
        List<DomainStats.BlockStats> disks = new ArrayList<>();
        for (Element disk : devices.stream().flatMap(e -> Xml.all(e, "disk").stream()).toList()) {
            Optional<String> target = Xml.first(disk, "target").flatMap(t -> Xml.attr(t, "dev"));
            target.flatMap(dev -> supported(() -> d.blockStats(dev))).ifPresent(b -> disks.add(
                    new DomainStats.BlockStats(target.get(), b.rd_req, b.rd_bytes, b.wr_req, b.wr_bytes, b.errs)));
        }
        return disks;
    }

    /** Every interface of the domain's XML, with {@code virDomainInterfaceStats} of its target device. */
    private static List<DomainStats.InterfaceStats> interfaceStats(Domain d, List<Element> devices) {
        List<DomainStats.InterfaceStats> nics = new ArrayList<>();
        for (Element nic : devices.stream().flatMap(e -> Xml.all(e, "interface").stream()).toList()) {
            String mac = Xml.first(nic, "mac").flatMap(m -> Xml.attr(m, "address")).orElse(null);
            Optional<String> target = Xml.first(nic, "target").flatMap(t -> Xml.attr(t, "dev"));
            Optional<DomainStats.NicCounters> counters = target.flatMap(dev -> supported(() -> d.interfaceStats(dev)))
                    .map(i -> new DomainStats.NicCounters(i.rx_bytes, i.rx_packets, i.rx_errs, i.rx_drop, i.tx_bytes,
                            i.tx_packets, i.tx_errs, i.tx_drop));
            nics.add(new DomainStats.InterfaceStats(mac, target, counters));
        }
        return nics;
    }

    /** libvirt's {@code VIR_DOMAIN_MEMORY_STAT_*} tags by number, as virsh {@code dommemstat} names them. */
    private static final String[] MEMORY_TAGS = {"swap_in", "swap_out", "major_fault", "minor_fault", "unused",
            "available", "actual", "rss", "usable", "last_update", "disk_caches", "hugetlb_pgalloc", "hugetlb_pgfail"};
    private static final int MEMORY_STATS = MEMORY_TAGS.length;

    private static String memoryTag(int tag) {
        return tag >= 0 && tag < MEMORY_TAGS.length ? MEMORY_TAGS[tag] : "tag-" + tag;
    }

    /** A call this hypervisor may not support: empty then, as Nova skips what raises a libvirtError. */
    private static <T> Optional<T> supported(DomainQuery<T> call) {
        try {
            return Optional.ofNullable(call.get());
        } catch (LibvirtException e) {
            return Optional.empty();
        }
    }

    private interface DomainQuery<T> {
        T get() throws LibvirtException;
    }

    @Override
    public void close() {
        connection.close();
    }

    private interface DomainCall<T> {
        T apply(Domain d) throws LibvirtException;
    }

    private <T> T withDomain(String name, DomainCall<T> call) {
        Domain d = find(name);
        if (d == null) {
            throw new DomainNotFound(name);
        }
        try {
            return call.apply(d);
        } catch (LibvirtException e) {
            throw error(e);
        } finally {
            free(d);
        }
    }

    private interface DomainLookup {
        Domain in(Connect connect) throws LibvirtException;
    }

    private Domain find(String name) {
        return find(c -> c.domainLookupByName(name));
    }

    /** The domain the lookup finds, or null when libvirt has no such domain. */
    private Domain find(DomainLookup lookup) {
        try {
            return lookup.in(connect());
        } catch (LibvirtException e) {
            if (LibvirtErrors.isNoDomain(e)) {
                return null;
            }
            throw error(e);
        }
    }

    private static DomainStatus status(Domain d) throws LibvirtException {
        DomainInfo info = d.getInfo();
        return new DomainStatus(d.getName(), UUID.fromString(d.getUUIDString()), powerState(info.state), true);
    }

    static PowerState powerState(DomainInfo.DomainState s) {
        return switch (s) {
            case VIR_DOMAIN_RUNNING, VIR_DOMAIN_BLOCKED -> PowerState.RUNNING;
            case VIR_DOMAIN_PAUSED -> PowerState.PAUSED;
            case VIR_DOMAIN_SHUTDOWN, VIR_DOMAIN_SHUTOFF -> PowerState.SHUTDOWN;
            case VIR_DOMAIN_CRASHED -> PowerState.CRASHED;
            default -> PowerState.NOSTATE;
        };
    }

    private Connect connect() {
        return connection.connect();
    }

    private static HypervisorError error(LibvirtException e) {
        return new HypervisorError(LibvirtErrors.message(e), e);
    }

    private static void free(Domain d) {
        if (d != null) {
            try {
                d.free();
            } catch (LibvirtException ignored) {
                // freeing only drops our reference; nothing to recover
            }
        }
    }
}

package org.novalab.compute.hypervisor;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import org.libvirt.Connect;
import org.libvirt.Domain;
import org.libvirt.DomainInfo;
import org.libvirt.LibvirtException;
import org.novalab.compute.HypervisorError;
import org.novalab.compute.domain.DomainDocument;
import org.novalab.compute.state.PowerState;

/** Domains through libvirt-java on one long-lived connection; every {@link Domain} object is freed after use. */
public final class LibvirtHypervisor implements Hypervisor {
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

    @Override
    public synchronized void start(String name) {
        withDomain(name, d -> {
            d.create();
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
            d.undefine();
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

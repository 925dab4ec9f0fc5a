package org.novalab.compute.virsh;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.novalab.compute.ComputeException;
import org.novalab.compute.domain.Xml;
import org.novalab.compute.hypervisor.DomainNotFound;
import org.novalab.compute.hypervisor.DomainStatus;
import org.novalab.compute.hypervisor.Hypervisor;
import org.novalab.compute.secret.SecretDefinition;
import org.novalab.compute.secret.SecretStore;
import org.novalab.compute.secret.SecretXml;
import org.novalab.compute.state.PowerState;
import org.novalab.disk.Passphrase;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The seed appendix's manual steps on this host: virsh's domain and secret verbs against the same hypervisor and
 * secret store the driver uses, so what a student defines by hand sits beside the instances Nova made. Secret
 * values go in, never out. Failures are the hypervisor's and secret store's own errors, in libvirt's words.
 */
public final class Virsh {
    private static final Logger LOG = LoggerFactory.getLogger(Virsh.class);
    private final Hypervisor hypervisor;
    private final SecretStore secrets;

    public Virsh(Hypervisor hypervisor, SecretStore secrets) {
        this.hypervisor = hypervisor;
        this.secrets = secrets;
    }

    /** {@code virsh list --all}, in virsh's order: running domains by id, then the inactive ones by name. */
    public List<DomainRow> list() {
        List<DomainRow> rows = new ArrayList<>();
        for (DomainStatus d : hypervisor.list()) {
            DomainRow row = new DomainRow(Optional.empty(), d.name(), d.uuid(), d.state());
            rows.add(row.active() ? new DomainRow(liveId(d.name()), d.name(), d.uuid(), d.state()) : row);
        }
        rows.sort(Comparator.comparing((DomainRow r) -> !r.active())
                .thenComparingLong(r -> r.id().map(Virsh::parseId).orElse(Long.MAX_VALUE))
                .thenComparing(DomainRow::name));
        return rows;
    }

    public String dumpXml(String domain) {
        return hypervisor.dumpXml(domain);
    }

    /** {@code virsh define}: returns the domain's name (libvirt fills in what the XML leaves out, a uuid say). */
    public String define(String domainXml) {
        String name = Xml.text(Xml.required(Xml.parse(domainXml, "domain"), "name")).strip();
        hypervisor.defineXml(domainXml);
        LOG.info("virsh define: domain {} defined", name);
        return name;
    }

    public PowerState start(String domain) {
        hypervisor.start(domain);
        PowerState state = state(domain);
        LOG.info("virsh start: domain {} started, now {}", domain, state.virshName());
        return state;
    }

    /** {@code virsh destroy}: hard power-off; the domain stays defined. */
    public PowerState destroy(String domain) {
        require(domain);
        hypervisor.powerOff(domain);
        LOG.info("virsh destroy: domain {} powered off", domain);
        return state(domain);
    }

    public void undefine(String domain) {
        require(domain);
        hypervisor.undefine(domain);
        LOG.info("virsh undefine: domain {} undefined", domain);
    }

    public List<SecretDefinition> secretList() {
        return secrets.list();
    }

    /** {@code virsh secret-define}: returns the secret's uuid. */
    public UUID secretDefine(String secretXml) {
        SecretDefinition s = SecretXml.parse(secretXml);
        secrets.define(s);
        LOG.info("virsh secret-define: secret {} defined", s.uuid());
        return s.uuid();
    }

    public void secretSetValue(UUID secret, Passphrase value) {
        secrets.setValue(secret, value);
        LOG.info("virsh secret-set-value: secret {} given a value", secret); // never the value itself
    }

    public void secretUndefine(UUID secret) {
        secrets.undefine(secret);
        LOG.info("virsh secret-undefine: secret {} undefined", secret);
    }

    private PowerState state(String domain) {
        return hypervisor.lookup(domain).map(DomainStatus::state).orElse(PowerState.NOSTATE);
    }

    private void require(String domain) {
        if (hypervisor.lookup(domain).isEmpty()) {
            throw new DomainNotFound(domain);
        }
    }

    /** libvirt's id of a running domain, from its live XML ({@code <domain ... id='1'>}). */
    private Optional<String> liveId(String name) {
        try {
            return Xml.attr(Xml.parse(hypervisor.dumpXml(name), "domain"), "id");
        } catch (ComputeException e) {
            return Optional.empty(); // gone in between
        }
    }

    private static long parseId(String id) {
        try {
            return Long.parseLong(id);
        } catch (NumberFormatException e) {
            return Long.MAX_VALUE;
        }
    }
}

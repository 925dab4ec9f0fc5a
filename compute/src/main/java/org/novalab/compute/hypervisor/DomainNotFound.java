package org.novalab.compute.hypervisor;

import org.novalab.compute.HypervisorError;

/** libvirt's VIR_ERR_NO_DOMAIN: no domain of that name. */
public class DomainNotFound extends HypervisorError {
    private final String name;

    public DomainNotFound(String name) {
        super("Domain not found: no domain with matching name '" + name + "'");
        this.name = name;
    }

    public String name() {
        return name;
    }
}

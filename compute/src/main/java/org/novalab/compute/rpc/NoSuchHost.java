package org.novalab.compute.rpc;

import org.novalab.compute.ComputeException;

/** A call named a compute host that is not there (Nova: "Compute host X could not be found."). */
public class NoSuchHost extends ComputeException {
    public NoSuchHost(String host) {
        super("Compute host " + host + " could not be found.");
    }
}

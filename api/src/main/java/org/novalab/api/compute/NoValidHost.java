package org.novalab.api.compute;

import org.novalab.compute.ComputeException;

/** No compute host is up to take the instance (Nova's NoValidHost). */
public class NoValidHost extends ComputeException {
    public NoValidHost() {
        super("No valid host was found. There are not enough hosts available.");
    }
}

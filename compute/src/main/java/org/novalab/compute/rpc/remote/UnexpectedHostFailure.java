package org.novalab.compute.rpc.remote;

/**
 * A compute host failed in a way novalab did not foresee (its own log holds the cause). Deliberately not a
 * {@code ComputeException}: the API answers it with its generic fault and shows none of the host's internals.
 */
public final class UnexpectedHostFailure extends RuntimeException {
    UnexpectedHostFailure(String host) {
        super("compute host " + host + " failed unexpectedly; its log says why");
    }
}

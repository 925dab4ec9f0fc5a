package org.novalab.compute.rpc;

import java.util.List;

/** The compute services that are up (Nova's service group): where the scheduler may place an instance. */
@FunctionalInterface
public interface ComputeHosts {
    List<String> hosts();
}

package org.novalab.api.compute.host;

import io.vertx.core.json.JsonObject;

/**
 * What a compute host has to offer, for the hypervisor views: its CPUs, memory and instance disk, the address it
 * is reached at, its CPU as libvirt describes it, and (asked for apart, since it costs a process) its uptime as
 * {@code uptime} prints it.
 */
public interface HostResources {
    Capacity of(String host);

    /** The line {@code uptime} prints on the host, or null when the host cannot tell. */
    String uptime(String host);

    /**
     * @param localGb       size of the file system holding the instance directories, in GiB
     * @param freeDiskGb    what is really free on it, in GiB (Nova's {@code disk_available_least})
     * @param cpuInfo       arch, vendor, model, topology and features, as Nova's libvirt driver reports them
     */
    record Capacity(int vcpus, long memoryMb, long localGb, long freeDiskGb, String hostIp, String hypervisorType,
            long hypervisorVersion, JsonObject cpuInfo) {
    }
}

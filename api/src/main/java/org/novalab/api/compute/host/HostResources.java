package org.novalab.api.compute.host;

import io.vertx.core.json.JsonObject;
import java.util.Set;
import java.util.TreeSet;

/**
 * What a compute host has to offer, for the hypervisor views: its CPUs, memory and instance disk, the address it
 * is reached at, its CPU as libvirt describes it, its traits, and (asked for apart, since it costs a process) its
 * uptime as {@code uptime} prints it.
 */
public interface HostResources {
    Capacity of(String host);

    /** The line {@code uptime} prints on the host, or null when the host cannot tell. */
    String uptime(String host);

    /**
     * @param localGb       size of the file system holding the instance directories, in GiB
     * @param freeDiskGb    what is really free on it, in GiB (Nova's {@code disk_available_least})
     * @param cpuInfo       arch, vendor, model, topology and features, as Nova's libvirt driver reports them
     * @param traits        what the host can encrypt, as placement traits ({@link org.novalab.compute.host.HostTraits})
     */
    record Capacity(int vcpus, long memoryMb, long localGb, long freeDiskGb, String hostIp, String hypervisorType,
            long hypervisorVersion, JsonObject cpuInfo, Set<String> traits) {
        public Capacity {
            traits = java.util.Collections.unmodifiableSet(new TreeSet<>(traits));
        }
    }
}

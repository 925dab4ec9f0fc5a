package org.novalab.compute.hypervisor;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.novalab.compute.state.PowerState;

/**
 * What libvirt reports of a domain's use, as Nova's {@code get_diagnostics} reads it: {@code virDomainGetInfo}
 * (state, memory in KiB, vcpus, cpu time in ns), {@code virDomainGetVcpus}, {@code virDomainBlockStats} for each disk
 * target and {@code virDomainInterfaceStats} for each interface of its XML, {@code virDomainMemoryStats}. A call the
 * hypervisor does not support leaves its part empty, as Nova skips it. {@code domainType} is the XML's
 * {@code <domain type=…>} (Nova's {@code virt_type}: {@code qemu}, {@code kvm}).
 */
public record DomainStats(String domainType, PowerState state, long maxMemoryKib, long memoryKib, int vcpus, long cpuTimeNanos,
                          List<VcpuTime> vcpuTimes, List<BlockStats> disks, List<InterfaceStats> interfaces,
                          Map<String, Long> memoryStats) {
    public DomainStats {
        vcpuTimes = List.copyOf(vcpuTimes);
        disks = List.copyOf(disks);
        interfaces = List.copyOf(interfaces);
        memoryStats = Map.copyOf(memoryStats);
    }

    /** One vcpu's cpu time in ns. */
    public record VcpuTime(int id, long timeNanos) {
    }

    /** A disk's counters, by its target device ({@code vda}). */
    public record BlockStats(String device, long readRequests, long readBytes, long writeRequests, long writeBytes,
                             long errors) {
    }

    /** An interface by its MAC address and target device, with the device's counters when libvirt has them. */
    public record InterfaceStats(String macAddress, Optional<String> device, Optional<NicCounters> counters) {
    }

    public record NicCounters(long rxBytes, long rxPackets, long rxErrors, long rxDrop, long txBytes, long txPackets,
                              long txErrors, long txDrop) {
    }
}

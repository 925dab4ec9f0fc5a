package org.novalab.api.compute.diagnostics;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.time.Instant;
import org.novalab.compute.hypervisor.DomainStats;

/**
 * A server's diagnostics as Nova's libvirt driver shows them: before 2.48 its free-form dict ({@code get_diagnostics}:
 * {@code cpu0_time}, {@code vda_read_req}, {@code memory}, {@code memory-actual}, ...), from 2.48 the standard
 * format every driver shares ({@code get_instance_diagnostics}, memory in MiB).
 */
final class DiagnosticsView {
    private static final long KIB_PER_MIB = 1024;

    private DiagnosticsView() {
    }

    static JsonObject freeForm(DomainStats stats) {
        JsonObject o = new JsonObject();
        stats.vcpuTimes().forEach(c -> o.put("cpu" + c.id() + "_time", c.timeNanos()));
        for (DomainStats.BlockStats d : stats.disks()) {
            o.put(d.device() + "_read_req", d.readRequests()).put(d.device() + "_read", d.readBytes())
                    .put(d.device() + "_write_req", d.writeRequests()).put(d.device() + "_write", d.writeBytes())
                    .put(d.device() + "_errors", d.errors());
        }
        // Nova names an interface's counters after its target device; one without a target has none to show
        for (DomainStats.InterfaceStats nic : stats.interfaces()) {
            nic.counters().ifPresent(n -> {
                String dev = nic.device().orElseThrow();
                o.put(dev + "_rx", n.rxBytes()).put(dev + "_rx_packets", n.rxPackets())
                        .put(dev + "_rx_errors", n.rxErrors()).put(dev + "_rx_drop", n.rxDrop())
                        .put(dev + "_tx", n.txBytes()).put(dev + "_tx_packets", n.txPackets())
                        .put(dev + "_tx_errors", n.txErrors()).put(dev + "_tx_drop", n.txDrop());
            });
        }
        o.put("memory", stats.maxMemoryKib());
        stats.memoryStats().forEach((tag, value) -> o.put("memory-" + tag, value));
        return o;
    }

    /** @param launchedAt when the guest last booted (Nova's uptime counts from it), or null */
    static JsonObject standard(DomainStats stats, Instant launchedAt, Instant now) {
        JsonArray cpus = new JsonArray();
        stats.vcpuTimes().forEach(c -> cpus.add(new JsonObject().put("id", c.id()).put("time", c.timeNanos())
                .putNull("utilisation")));
        JsonArray nics = new JsonArray();
        stats.interfaces().forEach(nic -> {
            JsonObject n = new JsonObject().put("mac_address", nic.macAddress());
            nic.counters().ifPresentOrElse(c -> n.put("rx_octets", c.rxBytes()).put("rx_errors", c.rxErrors())
                    .put("rx_drop", c.rxDrop()).put("rx_packets", c.rxPackets()).put("tx_octets", c.txBytes())
                    .put("tx_errors", c.txErrors()).put("tx_drop", c.txDrop()).put("tx_packets", c.txPackets()),
                    () -> n.putNull("rx_octets").putNull("rx_errors").putNull("rx_drop").putNull("rx_packets")
                            .putNull("tx_octets").putNull("tx_errors").putNull("tx_drop").putNull("tx_packets"));
            nics.add(n.putNull("rx_rate").putNull("tx_rate"));
        });
        JsonArray disks = new JsonArray();
        stats.disks().forEach(d -> disks.add(new JsonObject().put("read_bytes", d.readBytes())
                .put("read_requests", d.readRequests()).put("write_bytes", d.writeBytes())
                .put("write_requests", d.writeRequests()).put("errors_count", d.errors())));
        return new JsonObject()
                .put("state", stats.state().novaName())
                .put("driver", "libvirt")
                .put("hypervisor", stats.domainType())
                .put("hypervisor_os", "linux")
                .put("uptime", launchedAt == null ? null : Duration.between(launchedAt, now).toSeconds())
                .put("config_drive", false)
                .put("num_cpus", stats.vcpus())
                .put("num_nics", nics.size())
                .put("num_disks", disks.size())
                .put("memory_details", new JsonObject().put("maximum", stats.maxMemoryKib() / KIB_PER_MIB)
                        .put("used", stats.memoryKib() / KIB_PER_MIB))
                .put("cpu_details", cpus)
                .put("nic_details", nics)
                .put("disk_details", disks);
    }
}

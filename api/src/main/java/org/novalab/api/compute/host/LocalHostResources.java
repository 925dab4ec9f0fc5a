package org.novalab.api.compute.host;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileStore;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.novalab.compute.HostCapabilities;
import org.novalab.compute.host.HostTraits;

/**
 * The compute hosts this process runs are this machine: its processors and memory as the JVM sees them (a
 * container's limits included), the file system of the instance directories, {@code /proc/cpuinfo}, the address of
 * the default route (Nova's {@code my_ip}), and {@code uptime} (what Nova's libvirt driver runs). The hypervisor's
 * type and version come from the host's probed capabilities (its libvirt URI, its QEMU's version).
 */
public final class LocalHostResources implements HostResources {
    private static final long MIB = 1L << 20;
    private static final long GIB = 1L << 30;
    private static final Pattern VERSION = Pattern.compile("(\\d+)\\.(\\d+)(?:\\.(\\d+))?");
    /** The CPU does not change while the process runs; {@code /proc/cpuinfo} is read once. */
    private static final JsonObject CPU_INFO = cpuInfo();
    private final Path instancesDir;
    private final Function<String, HostCapabilities> capabilities;

    public LocalHostResources(Path instancesDir, Function<String, HostCapabilities> capabilities) {
        this.instancesDir = instancesDir;
        this.capabilities = capabilities;
    }

    @Override
    public Capacity of(String host) {
        HostCapabilities caps = capabilities.apply(host);
        long totalGb = 0;
        long freeGb = 0;
        try {
            FileStore store = Files.getFileStore(instancesDir);
            totalGb = store.getTotalSpace() / GIB;
            freeGb = store.getUsableSpace() / GIB;
        } catch (IOException e) {
            // an unreadable store offers nothing
        }
        return new Capacity(Runtime.getRuntime().availableProcessors(), memoryMb(), totalGb, freeGb, hostIp(),
                hypervisorType(caps.hypervisorUri()), version(caps.qemuImgVersion()), CPU_INFO.copy(),
                HostTraits.of(caps));
    }

    @Override
    public String uptime(String host) {
        return uptime();
    }

    private static long memoryMb() {
        var os = ManagementFactory.getOperatingSystemMXBean();
        if (os instanceof com.sun.management.OperatingSystemMXBean sun) {
            return sun.getTotalMemorySize() / MIB;
        }
        return Runtime.getRuntime().maxMemory() / MIB;
    }

    /** libvirt's driver type for the URI's scheme: {@code qemu:///system} is QEMU, {@code test:///default} TEST. */
    static String hypervisorType(String uri) {
        String scheme = uri.contains(":") ? uri.substring(0, uri.indexOf(':')) : uri;
        scheme = scheme.contains("+") ? scheme.substring(0, scheme.indexOf('+')) : scheme;
        return scheme.toUpperCase(Locale.ROOT);
    }

    /** Nova's integer version: major * 1000000 + minor * 1000 + micro (7.2.1 is 7002001); 0 when unknown. */
    static long version(Optional<String> text) {
        if (text.isEmpty()) {
            return 0;
        }
        Matcher m = VERSION.matcher(text.get());
        if (!m.find()) {
            return 0;
        }
        return Long.parseLong(m.group(1)) * 1_000_000 + Long.parseLong(m.group(2)) * 1000
                + (m.group(3) == null ? 0 : Long.parseLong(m.group(3)));
    }

    /** The source address of the default route: nothing is sent by connecting a datagram socket. */
    private static String hostIp() {
        try (DatagramSocket probe = new DatagramSocket()) {
            probe.connect(new InetSocketAddress(InetAddress.getByName("192.0.2.1"), 9));
            InetAddress local = probe.getLocalAddress();
            if (local != null && !local.isAnyLocalAddress()) {
                return local.getHostAddress();
            }
        } catch (IOException | RuntimeException e) {
            // no route: the loopback address below
        }
        return "127.0.0.1";
    }

    /** Arch, vendor, model, topology and flags from {@code /proc/cpuinfo}; what is known where it is missing. */
    static JsonObject cpuInfo() {
        String arch = System.getProperty("os.arch");
        JsonObject info = new JsonObject().put("arch", arch.equals("amd64") ? "x86_64" : arch);
        List<String> lines;
        try {
            lines = Files.readAllLines(Path.of("/proc/cpuinfo"), StandardCharsets.UTF_8);
        } catch (IOException e) {
            return info.put("topology", new JsonObject().put("cells", 1).put("sockets", 1)
                    .put("cores", Runtime.getRuntime().availableProcessors()).put("threads", 1))
                    .put("features", new JsonArray());
        }
        Map<String, String> first = new LinkedHashMap<>();
        Set<String> sockets = new HashSet<>();
        int processors = 0;
        for (String line : lines) {
            int colon = line.indexOf(':');
            if (colon < 0) {
                continue;
            }
            String key = line.substring(0, colon).trim();
            String value = line.substring(colon + 1).trim();
            first.putIfAbsent(key, value);
            if (key.equals("processor")) {
                processors++;
            } else if (key.equals("physical id")) {
                sockets.add(value);
            }
        }
        String vendor = first.getOrDefault("vendor_id", "");
        info.put("vendor", vendor.equals("GenuineIntel") ? "Intel" : vendor.equals("AuthenticAMD") ? "AMD" : vendor);
        info.put("model", first.getOrDefault("model name", first.getOrDefault("cpu model", "")));
        int socketCount = Math.max(1, sockets.size());
        int cores = parse(first.get("cpu cores"), Math.max(1, processors / socketCount));
        int siblings = parse(first.get("siblings"), cores);
        info.put("topology", new JsonObject().put("cells", numaNodes()).put("sockets", socketCount).put("cores", cores)
                .put("threads", Math.max(1, siblings / Math.max(1, cores))));
        JsonArray features = new JsonArray();
        String flags = first.getOrDefault("flags", first.getOrDefault("Features", ""));
        for (String f : flags.split("\\s+")) {
            if (!f.isEmpty()) {
                features.add(f);
            }
        }
        return info.put("features", features);
    }

    private static int numaNodes() {
        try (var nodes = Files.list(Path.of("/sys/devices/system/node"))) {
            return (int) Math.max(1, nodes.filter(p -> p.getFileName().toString().matches("node\\d+")).count());
        } catch (IOException e) {
            return 1;
        }
    }

    private static int parse(String text, int otherwise) {
        try {
            return text == null ? otherwise : Integer.parseInt(text.trim());
        } catch (NumberFormatException e) {
            return otherwise;
        }
    }

    /** {@code env LANG=C uptime}, as Nova's libvirt driver asks the host; null when it cannot be run. */
    static String uptime() {
        return org.novalab.compute.host.HostUptime.read().orElse(null);
    }
}

package org.novalab.storage.ceph;

import java.util.ArrayList;
import java.util.List;
import org.novalab.storage.StorageException;

/**
 * A Ceph monitor's address as QEMU's rbd driver takes it from libvirt's {@code <host name=… port=…/>}: the legacy
 * (msgr v1) one, which every librbd speaks.
 */
public record MonitorAddress(String host, int port) {
    /** Ceph's default v1 monitor port, for a {@code mon host} entry without one. */
    public static final int DEFAULT_V1_PORT = 6789;

    /**
     * The v1 addresses in a {@code mon_host} value: {@code [v2:10.0.0.1:3300,v1:10.0.0.1:6789]} vectors, plain
     * {@code host:port} or {@code host} entries, separated by commas, semicolons or spaces. A monitor that has only
     * a v2 address is left out: QEMU could not reach it through a {@code <host>} either.
     */
    public static List<MonitorAddress> parseMonHost(String monHost) {
        List<MonitorAddress> out = new ArrayList<>();
        for (String entry : monHost.replace("[", " ").replace("]", " ").split("[,; \\t]+")) {
            if (entry.isEmpty() || entry.startsWith("v2:")) {
                continue;
            }
            String addr = entry.startsWith("v1:") ? entry.substring(3) : entry;
            int nonce = addr.indexOf('/');
            addr = nonce < 0 ? addr : addr.substring(0, nonce);
            int colon = addr.lastIndexOf(':');
            MonitorAddress a = colon < 0 ? new MonitorAddress(addr, DEFAULT_V1_PORT)
                    : new MonitorAddress(addr.substring(0, colon), port(addr.substring(colon + 1), monHost));
            if (!out.contains(a)) {
                out.add(a);
            }
        }
        if (out.isEmpty()) {
            throw new StorageException("no v1 monitor address in mon_host '" + monHost + "'");
        }
        return List.copyOf(out);
    }

    private static int port(String text, String monHost) {
        try {
            int port = Integer.parseInt(text);
            if (port > 0 && port < 65536) {
                return port;
            }
        } catch (NumberFormatException e) {
            // fall through to the refusal
        }
        throw new StorageException("bad monitor port '" + text + "' in mon_host '" + monHost + "'");
    }
}

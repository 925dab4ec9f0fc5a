package org.novalab.compute.host;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * Nova's libvirt {@code get_host_uptime}: the line {@code env LANG=C uptime} prints on this compute host, which the
 * API's {@code os-hypervisors/{id}/uptime} shows for the host that runs the hypervisor, not for the API's machine.
 */
public final class HostUptime {
    private HostUptime() {
    }

    /** The line, or empty when {@code uptime} cannot be run here (not installed, or no answer in 5 s). */
    public static Optional<String> read() {
        try {
            ProcessBuilder pb = new ProcessBuilder("uptime").redirectErrorStream(true);
            pb.environment().put("LANG", "C");
            Process p = pb.start();
            byte[] out = p.getInputStream().readAllBytes();
            if (!p.waitFor(5, TimeUnit.SECONDS) || p.exitValue() != 0) {
                p.destroyForcibly();
                return Optional.empty();
            }
            String line = new String(out, StandardCharsets.UTF_8);
            return line.isBlank() ? Optional.empty() : Optional.of(line);
        } catch (IOException e) {
            return Optional.empty();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Optional.empty();
        }
    }
}

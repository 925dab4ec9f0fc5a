package org.novalab.compute.cli;

import com.beust.jcommander.Parameters;
import org.novalab.cli.Command;
import org.novalab.cli.Console;
import org.novalab.compute.ComputeHost;
import org.novalab.compute.HostCapabilities;

@Parameters(commandNames = "caps", commandDescription = "Probe this host for encrypted disks per backend "
        + "(like CloudStack's host.volume.encryption)")
final class CapsCommand extends HostOptions implements Command {
    @Override
    public int run(Console console) throws Exception {
        try (ComputeHost host = openHost()) {
            HostCapabilities c = host.driver().capabilities();
            console.out().printf("hypervisor:        %s (%s)%n", c.hypervisorUri(),
                    c.realGuests() ? "real guests" : "emulated boot");
            console.out().printf("volume encryption: %s%n", c.volumeEncryption());
            c.encryption().entrySet().stream().sorted(java.util.Map.Entry.comparingByKey()).forEach(e ->
                    console.out().printf("  %-6s %s%n", e.getKey(), e.getValue().isEmpty() ? "-" : e.getValue()));
            console.out().printf("libvirt secrets:   %s%n", c.libvirtSecrets());
            console.out().printf("qemu-img LUKS:     %s%n", c.qemuImgLuks());
            c.notes().forEach(n -> console.out().println("note: " + n));
        } finally {
            removePools();
        }
        return 0;
    }
}

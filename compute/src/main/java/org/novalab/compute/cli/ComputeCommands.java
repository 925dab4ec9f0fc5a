package org.novalab.compute.cli;

import java.util.List;
import org.novalab.cli.Command;
import org.novalab.cli.CommandGroup;

/** {@code novalab compute ...}: the driver from the command line, for the lab and for a quick look. */
public final class ComputeCommands implements CommandGroup {
    @Override
    public String name() {
        return "compute";
    }

    @Override
    public String description() {
        return "Nova's libvirt driver: spawn an instance (encrypted or not) and see it boot, or probe the host";
    }

    @Override
    public List<Command> commands() {
        return List.of(new SpawnCommand(), new CapsCommand());
    }
}

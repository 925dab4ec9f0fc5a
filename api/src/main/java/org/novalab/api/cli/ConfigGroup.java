package org.novalab.api.cli;

import java.util.List;
import org.novalab.cli.Command;
import org.novalab.cli.CommandGroup;

/** {@code novalab config show|sample}: the configuration in effect, and the sample file. */
public final class ConfigGroup implements CommandGroup {
    @Override
    public String name() {
        return "config";
    }

    @Override
    public String description() {
        return "The configuration (novalab.conf): what is in effect and where it came from, and the sample file";
    }

    @Override
    public List<Command> commands() {
        return List.of(new ConfigShowCommand(System.getenv()), new ConfigSampleCommand());
    }
}

package org.novalab.api.cli;

import java.util.List;
import java.util.Map;
import org.novalab.cli.Command;
import org.novalab.cli.CommandGroup;

/** {@code novalab config show|sample}: the configuration in effect, and the sample file. */
public final class ConfigGroup implements CommandGroup {
    private final Map<String, String> env;

    public ConfigGroup() {
        this(System.getenv());
    }

    ConfigGroup(Map<String, String> env) {
        this.env = env;
    }

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
        return List.of(new ConfigShowCommand(env), new ConfigSampleCommand());
    }
}

package org.novalab.api.cli;

import com.beust.jcommander.Parameter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.novalab.api.config.EffectiveConfig;

/** {@code --config-file} and {@code --config-dir}, as every novalab service takes them (oslo.config's names). */
final class ConfigFileFlags {
    @Parameter(names = "--config-file", description = "An oslo.config-style INI file (novalab.conf); repeat it for "
            + "several, later files win. Variables and flags override files")
    private List<Path> configFiles = new ArrayList<>();

    @Parameter(names = "--config-dir", description = "A directory whose *.conf files are read, sorted by name, after "
            + "the --config-file files")
    private List<Path> configDirs = new ArrayList<>();

    /** Defaults, then these files, then NOVALAB_* variables, then the command's own {@code flags}. */
    EffectiveConfig load(Map<String, String> env, Map<String, String> flags) {
        return EffectiveConfig.load(new EffectiveConfig.Inputs(configFiles, configDirs, env, flags));
    }
}

package org.novalab.cli;

import com.beust.jcommander.Parameter;

/** Mix-in for verbs: extend it to get {@code -h/--help}. */
public abstract class HelpOption {
    @Parameter(names = {"-h", "--help"}, help = true, description = "Show this help")
    private boolean help;

    public boolean helpRequested() {
        return help;
    }
}

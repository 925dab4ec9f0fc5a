package org.novalab.api.config;

import org.novalab.cli.UsageError;

/**
 * A configuration that cannot be used as written: one line naming the place (file:line, the variable or the flag)
 * and what is expected. The CLI prints it as {@code novalab: MESSAGE} and exits with status 2, before anything is
 * created.
 */
public final class ConfigError extends UsageError {
    public ConfigError(String message) {
        super(message);
    }
}

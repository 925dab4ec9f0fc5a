package org.novalab.cli;

/**
 * One CLI verb. Implementations are JCommander-annotated ({@code @Parameters(commandNames = ..., 
 * commandDescription = ...)}) and hold their own options; {@link Cli} parses into them and calls {@link #run}.
 */
public interface Command {
    /** @return the process exit status */
    int run(Console console) throws Exception;
}

package org.novalab.cli;

/**
 * A verb whose positional arguments are named by the verb itself rather than by its main parameter's
 * description (verbs that share one argument list field, such as virsh's): the names its usage line shows.
 */
public interface NamedArguments {
    /** e.g. {@code DOMAIN} or {@code SECRET --base64 VALUE}; empty when the verb takes none */
    String argumentNames();
}

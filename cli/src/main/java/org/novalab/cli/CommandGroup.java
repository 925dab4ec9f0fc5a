package org.novalab.cli;

import java.util.List;

/** A verb group such as {@code img} or {@code rados}: a name, a description and its verbs. */
public interface CommandGroup {
    String name();

    String description();

    List<Command> commands();
}

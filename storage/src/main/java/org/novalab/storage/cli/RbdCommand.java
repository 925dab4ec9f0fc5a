package org.novalab.storage.cli;

import com.beust.jcommander.Parameter;
import com.beust.jcommander.Parameters;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import org.novalab.cli.Command;
import org.novalab.cli.Console;
import org.novalab.cli.UsageError;
import org.novalab.storage.Image;
import org.novalab.storage.ImageImport;
import org.novalab.storage.Pool;

/**
 * {@code novalab rbd ls|info|import|export|resize|rm|snap|clone|children}, shaped like Ceph's {@code rbd} tool.
 * Images and snapshots are named {@code [POOL/]IMAGE[@SNAP]}, the pool defaulting to {@code -p}'s.
 */
@Parameters(commandNames = "rbd", commandDescription = "RBD images of a pool, like Ceph's rbd: "
        + RbdCommand.VERBS + RbdCommand.NAMES)
public final class RbdCommand extends PoolOptions implements Command {
    static final String VERBS = "ls | info SPEC|SNAP | import FILE SPEC | export SPEC|SNAP FILE "
            + "| resize --size SIZE SPEC | rm SPEC | snap create|ls|protect|unprotect|rm SNAP (ls: SPEC) "
            + "| clone SNAP SPEC | children SNAP";
    static final String NAMES = "  (SPEC is [POOL/]IMAGE, SNAP is [POOL/]IMAGE@SNAP, POOL defaults to -p; FILE '-' is "
            + "stdout/stdin)";

    @Parameter(description = VERBS + NAMES)
    private List<String> words = new ArrayList<>();

    @Parameter(names = "--order", description = "Object size as a power of two, for import (23 = 8 MiB)")
    private int order = Pool.DEFAULT_ORDER;

    @Parameter(names = {"-s", "--size"}, description = "New size for resize: MiB, or with a unit (2G, 512M); "
            + "grow only, shrinking is refused")
    private String size;

    @Override
    public int run(Console console) throws Exception {
        if (words.isEmpty()) {
            throw new UsageError("rbd: give a verb: " + VERBS);
        }
        String verb = words.get(0);
        switch (verb) {
            case "ls", "list" -> {
                arity(0);
                pool(false).list().forEach(console.out()::println);
            }
            case "info" -> {
                arity(1);
                try (Image image = open(spec(1))) {
                    RbdInfo.print(image, console.out());
                }
            }
            case "import" -> {
                arity(2);
                importFile(words.get(1), spec(2).withoutSnapshot(verb), console);
            }
            case "export" -> {
                arity(2);
                try (Image image = open(spec(1)); InputStream in = image.openStream()) {
                    FileTransfer.save(in, words.get(2), console);
                }
            }
            case "resize" -> resize();
            case "rm", "remove" -> {
                arity(1);
                RbdSpec spec = spec(1).withoutSnapshot(verb);
                pool(spec.pool(), false).remove(spec.image());
            }
            case "snap" -> new SnapVerbs(this).run(words.subList(1, words.size()), console);
            case "clone" -> {
                arity(2);
                RbdSpec parent = spec(1).withSnapshot(verb);
                RbdSpec child = spec(2).withoutSnapshot(verb);
                pool(parent.pool(), false).clone(parent.image(), parent.snapshot(), pool(child.pool(), true),
                        child.image());
            }
            case "children" -> {
                arity(1);
                RbdSpec snap = spec(1).withSnapshot(verb);
                try (Image image = pool(snap.pool(), false).open(snap.image())) {
                    image.listChildren(snap.snapshot()).forEach(console.out()::println);
                }
            }
            default -> throw new UsageError("rbd: unknown verb '" + verb + "' (" + VERBS + ")");
        }
        return 0;
    }

    private void importFile(String file, RbdSpec spec, Console console) throws Exception {
        ImageImport writer = pool(spec.pool(), true).importImage(spec.image(), order);
        try (InputStream in = FileTransfer.open(file, console)) {
            in.transferTo(writer);
            writer.close();
        } catch (Exception e) {
            writer.abort();
            throw e;
        }
    }

    /** {@code rbd resize --size 2048 images/NAME}: MiB by default, grow only. */
    private void resize() {
        arity(1);
        if (size == null) {
            throw new UsageError("rbd resize: give the new size with --size (MiB, or e.g. 2G)");
        }
        long bytes = RbdSize.parse(size);
        try (Image image = open(spec(1).withoutSnapshot("resize"))) {
            image.resize(bytes);
        }
    }

    /** The image's head, or the snapshot the spec names (read-only). */
    Image open(RbdSpec spec) {
        Pool pool = pool(spec.pool(), false);
        return spec.snapshot() == null ? pool.open(spec.image()) : pool.open(spec.image(), spec.snapshot());
    }

    RbdSpec spec(int word) {
        return RbdSpec.parse(words.get(word), poolName);
    }

    private void arity(int n) {
        if (words.size() != n + 1) {
            throw new UsageError("rbd " + words.get(0) + ": expected " + n + " argument(s), got "
                    + (words.size() - 1));
        }
    }
}

package org.novalab.storage.cli;

import java.util.List;
import java.util.function.BiConsumer;
import org.novalab.cli.Console;
import org.novalab.cli.UsageError;
import org.novalab.storage.Image;

/** {@code rbd snap create|ls|protect|unprotect|rm}: the snapshots a clone is made from. */
final class SnapVerbs {
    private static final String VERBS = "create SNAP | ls SPEC | protect SNAP | unprotect SNAP | rm SNAP";
    private final RbdCommand rbd;

    SnapVerbs(RbdCommand rbd) {
        this.rbd = rbd;
    }

    void run(List<String> words, Console console) {
        if (words.size() != 2) {
            throw new UsageError("rbd snap: expected " + VERBS);
        }
        String verb = words.get(0);
        RbdSpec spec = RbdSpec.parse(words.get(1), rbd.poolName);
        switch (verb) {
            case "create", "add" -> onSnapshot(verb, spec, Image::createSnap);
            case "protect" -> onSnapshot(verb, spec, Image::protectSnap);
            case "unprotect" -> onSnapshot(verb, spec, Image::unprotectSnap);
            case "rm", "remove" -> onSnapshot(verb, spec, Image::removeSnap);
            case "ls", "list" -> {
                try (Image image = rbd.open(spec.withoutSnapshot("snap " + verb))) {
                    RbdInfo.printSnaps(image.listSnaps(), console.out());
                }
            }
            default -> throw new UsageError("rbd snap: unknown verb '" + verb + "' (" + VERBS + ")");
        }
    }

    private void onSnapshot(String verb, RbdSpec spec, BiConsumer<Image, String> action) {
        RbdSpec snap = spec.withSnapshot("snap " + verb);
        try (Image image = rbd.open(new RbdSpec(snap.pool(), snap.image(), null))) {
            action.accept(image, snap.snapshot());
        }
    }
}

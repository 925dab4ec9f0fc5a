package org.novalab.io;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Temporary files that a writer killed half-way left behind ({@link AtomicFile}'s {@code .<name>.tmp-<pid>-<hex>}):
 * one is abandoned when the process that wrote it is gone, or when nobody wrote to it for a day (its pid may have
 * been reused). A live writer's file is never touched.
 */
public final class AbandonedFiles {
    private static final Pattern TEMPORARY = Pattern.compile("\\.(.+)\\.tmp-(\\d+)-[0-9a-f]+");
    /** Longer than any write novalab makes keeps a file untouched. */
    static final Duration STALE = Duration.ofDays(1);

    private AbandonedFiles() {
    }

    /** Removes the abandoned temporary files in {@code dir} (not below it); returns what went. */
    public static List<Path> reclaim(Path dir) throws IOException {
        return reclaim(dir, name -> true);
    }

    /** The same, for the temporary files of the final names {@code targets} accepts. */
    public static List<Path> reclaim(Path dir, java.util.function.Predicate<String> targets) throws IOException {
        List<Path> removed = new ArrayList<>();
        if (!Files.isDirectory(dir)) {
            return removed;
        }
        List<Path> candidates;
        try (Stream<Path> files = Files.list(dir)) {
            candidates = files.filter(p -> p.getFileName().toString().startsWith(".")).toList();
        }
        Instant now = Instant.now();
        for (Path p : candidates) {
            Matcher m = TEMPORARY.matcher(p.getFileName().toString());
            if (m.matches() && targets.test(m.group(1)) && abandoned(p, Long.parseLong(m.group(2)), now)
                    && Files.deleteIfExists(p)) {
                removed.add(p);
            }
        }
        return removed;
    }

    private static boolean abandoned(Path file, long pid, Instant now) throws IOException {
        Optional<ProcessHandle> writer = pid == ProcessHandle.current().pid() ? Optional.of(ProcessHandle.current())
                : ProcessHandle.of(pid);
        if (writer.isEmpty() || !writer.get().isAlive()) {
            return true;
        }
        return Files.getLastModifiedTime(file).toInstant().plus(STALE).isBefore(now);
    }
}

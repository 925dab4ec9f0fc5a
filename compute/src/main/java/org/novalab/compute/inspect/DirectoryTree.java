package org.novalab.compute.inspect;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.function.Predicate;
import java.util.stream.Stream;

/**
 * Renders a directory like the {@code tree} command the seed runs in {@code /var/lib/nova/instances}: entries
 * sorted by name, box-drawing branches, and the "N directories, M files" footer. Hidden files (temporary names of
 * files being written) are left out.
 */
public final class DirectoryTree {
    private static final int MAX_ENTRIES_PER_DIR = 200;

    private DirectoryTree() {
    }

    public static String render(Path root) {
        return render(root, p -> true);
    }

    /** Only the top-level entries {@code shown} accepts (a server's state dir also holds its database and pool). */
    public static String render(Path root, Predicate<Path> shown) {
        StringBuilder out = new StringBuilder(".\n");
        int[] counts = new int[2];
        walk(root, "", out, counts, shown);
        out.append('\n').append(counts[0]).append(counts[0] == 1 ? " directory, " : " directories, ")
                .append(counts[1]).append(counts[1] == 1 ? " file" : " files").append('\n');
        return out.toString();
    }

    /**
     * Only the entries {@code shown} accepts, at every depth: one instance's part of the instances dir (its own
     * directory and the {@code _base} file its disk reads through), not every instance's.
     */
    public static String renderOnly(Path root, Predicate<Path> shown) {
        StringBuilder out = new StringBuilder(".\n");
        int[] counts = new int[2];
        walkAll(root, "", out, counts, shown);
        out.append('\n').append(counts[0]).append(counts[0] == 1 ? " directory, " : " directories, ")
                .append(counts[1]).append(counts[1] == 1 ? " file" : " files").append('\n');
        return out.toString();
    }

    private static void walkAll(Path dir, String indent, StringBuilder out, int[] counts, Predicate<Path> shown) {
        List<Path> entries = list(dir).stream().filter(shown).toList();
        for (int i = 0; i < entries.size(); i++) {
            Path p = entries.get(i);
            boolean last = i == entries.size() - 1;
            out.append(indent).append(last ? "└── " : "├── ").append(p.getFileName()).append('\n');
            if (Files.isDirectory(p)) {
                counts[0]++;
                walkAll(p, indent + (last ? "    " : "│   "), out, counts, shown);
            } else {
                counts[1]++;
            }
        }
    }

    private static void walk(Path dir, String indent, StringBuilder out, int[] counts, Predicate<Path> shown) {
        List<Path> entries = list(dir).stream().filter(shown).toList();
        for (int i = 0; i < entries.size(); i++) {
            Path p = entries.get(i);
            boolean last = i == entries.size() - 1;
            out.append(indent).append(last ? "└── " : "├── ").append(p.getFileName()).append('\n');
            if (Files.isDirectory(p)) {
                counts[0]++;
                walk(p, indent + (last ? "    " : "│   "), out, counts, q -> true);
            } else {
                counts[1]++;
            }
        }
    }

    private static List<Path> list(Path dir) {
        try (Stream<Path> s = Files.list(dir)) {
            return s.filter(p -> !p.getFileName().toString().startsWith("."))
                    .sorted(Comparator.comparing(p -> p.getFileName().toString()))
                    .limit(MAX_ENTRIES_PER_DIR).toList();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list " + dir, e);
        }
    }
}

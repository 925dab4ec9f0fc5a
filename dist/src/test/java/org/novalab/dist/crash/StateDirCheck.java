package org.novalab.dist.crash;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * What a state dir must look like once the restarted server has recovered from a kill: every instance directory
 * belongs to a server and every server has one, {@code _base} holds whole bases with their pinned format only,
 * the image pool holds the data of active images only, and no temporary file of a dead writer is left outside
 * the directory of a server that still exists (its delete removes it).
 */
final class StateDirCheck {
    private static final Pattern TEMPORARY = Pattern.compile("\\..+\\.tmp-(\\d+)-[0-9a-f]+");

    private StateDirCheck() {
    }

    /**
     * @param servers       every server the API lists
     * @param activeServers the ACTIVE ones: each must have its instance directory (an ERROR one may not have got
     *                      that far)
     * @param activeImages  the active images: exactly those have data in the image pool
     * @param deadPids      the killed processes, whose temporary files must have been reclaimed
     */
    static List<String> problems(Path state, Set<String> servers, Set<String> activeServers, Set<String> activeImages,
                                 Set<Long> deadPids) throws IOException {
        List<String> problems = new ArrayList<>();
        Set<String> dirs = instanceDirs(state);
        Set<String> orphans = new TreeSet<>(dirs);
        orphans.removeAll(servers);
        if (!orphans.isEmpty()) {
            problems.add("instance directories without a server: " + orphans);
        }
        Set<String> missing = new TreeSet<>(activeServers);
        missing.removeAll(dirs);
        if (!missing.isEmpty()) {
            problems.add("ACTIVE servers without an instance directory: " + missing);
        }
        if (Files.exists(state.resolve("novalab-db.repair"))) {
            problems.add("the database repair's dump is left beside the database: novalab-db.repair/");
        }
        Path base = state.resolve("_base");
        for (Path f : list(base)) {
            String name = f.getFileName().toString();
            if (name.endsWith(".part") || name.endsWith(".converted")) {
                problems.add("_base holds what a fetch left: " + name);
            } else if (!name.startsWith(".") && !name.endsWith(".info")
                    && !Files.exists(base.resolve(name + ".info"))) {
                problems.add("_base/" + name + " has no pinned format (.info)");
            }
        }
        Set<String> stored = new TreeSet<>();
        for (Path f : list(state.resolve("pool").resolve("images"))) {
            String name = f.getFileName().toString();
            if (name.startsWith("rbd_id.")) {
                stored.add(name.substring("rbd_id.".length()));
            }
        }
        if (!stored.equals(new TreeSet<>(activeImages))) {
            problems.add("the image pool holds " + stored + " but the active images are " + new TreeSet<>(activeImages));
        }
        try (Stream<Path> all = Files.walk(state)) {
            for (Path f : all.filter(Files::isRegularFile).toList()) {
                Matcher m = TEMPORARY.matcher(f.getFileName().toString());
                boolean inServerDir = servers.stream().anyMatch(s -> f.startsWith(state.resolve(s)));
                if (m.matches() && deadPids.contains(Long.parseLong(m.group(1))) && !inServerDir) {
                    problems.add("a killed writer's temporary file is left: " + state.relativize(f));
                }
            }
        }
        return problems;
    }

    /** Every instance directory: the directories of the state dir named by a uuid. */
    static Set<String> instanceDirs(Path state) throws IOException {
        Set<String> dirs = new TreeSet<>();
        for (Path p : list(state)) {
            String name = p.getFileName().toString();
            if (Files.isDirectory(p) && isUuid(name)) {
                dirs.add(name);
            }
        }
        return dirs;
    }

    private static boolean isUuid(String s) {
        try {
            return UUID.fromString(s).toString().equals(s);
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    private static List<Path> list(Path dir) throws IOException {
        if (!Files.isDirectory(dir)) {
            return List.of();
        }
        try (Stream<Path> s = Files.list(dir)) {
            return s.sorted().toList();
        }
    }
}

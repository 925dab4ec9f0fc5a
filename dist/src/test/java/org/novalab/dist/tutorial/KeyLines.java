package org.novalab.dist.tutorial;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * Compares a pasted output with a fresh one by its key lines: every non-blank line the doc shows must appear in
 * the fresh output, in order, once the parts that differ from run to run (uuids, sha1 names, allocated sizes,
 * temporary paths) are normalised and runs of spaces collapsed.
 */
final class KeyLines {
    private static final Pattern UUID = Pattern.compile("[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}");
    private static final Pattern SHA1 = Pattern.compile("\\b[0-9a-f]{40}\\b");
    private static final Pattern DISK_SIZE = Pattern.compile("disk size: .*");
    private static final Pattern STATE = Pattern.compile("state: \\S+");
    private static final Pattern TOKEN = Pattern.compile("gAAAA\\S+|[0-9a-f]{32}");
    /** An absolute path: only its last name is stable (the doc's run and the test's run live in other dirs). */
    private static final Pattern ABSOLUTE_PATH = Pattern.compile("(?<![\\w.])/(?:[\\w.-]+/)+([\\w.-]+)");
    /** virsh rules its tables as wide as the widest line, which depends on the paths above. */
    private static final Pattern RULE = Pattern.compile("^-{5,}$");

    private KeyLines() {
    }

    static String normalise(String line) {
        String s = UUID.matcher(line).replaceAll("<uuid>");
        s = SHA1.matcher(s).replaceAll("<sha1>");
        s = DISK_SIZE.matcher(s).replaceAll("disk size: <size>");
        s = STATE.matcher(s).replaceAll("state: <dir>");
        s = TOKEN.matcher(s).replaceAll("<token>");
        s = ABSOLUTE_PATH.matcher(s).replaceAll("<dir>/$1");
        s = RULE.matcher(s.strip()).replaceAll("-----");
        return s.strip().replaceAll("\\s+", " ");
    }

    /** The expected lines missing from {@code actual} (in order); empty when the doc still tells the truth. */
    static List<String> missing(String expected, String actual) {
        List<String> have = actual.lines().map(KeyLines::normalise).filter(l -> !l.isEmpty()).toList();
        List<String> missing = new ArrayList<>();
        int at = 0;
        for (String want : expected.lines().map(KeyLines::normalise).filter(l -> !l.isEmpty()).toList()) {
            int found = -1;
            for (int i = at; i < have.size(); i++) {
                if (have.get(i).equals(want)) {
                    found = i;
                    break;
                }
            }
            if (found < 0) {
                missing.add(want);
            } else {
                at = found + 1;
            }
        }
        return missing;
    }
}

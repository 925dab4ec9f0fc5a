package org.novalab.dist.tutorial;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The runnable part of a Markdown tutorial: every {@code ```sh} block preceded by a {@code <!-- run -->} comment is
 * a step, and the {@code ```text} block right after it (if any) is the output pasted from a real run.
 */
record TutorialScript(List<Step> steps, Optional<String> serverCommand) {
    /** One step: its commands, the output the doc shows, and the doc line it starts on (for failure messages). */
    record Step(int line, String commands, Optional<String> expectedOutput) {
    }

    static final String MARK = "<!-- run -->";
    /** Marks the one {@code ```sh} block that starts the server the other steps talk to (run in the background). */
    static final String SERVER = "<!-- server -->";

    static TutorialScript parse(String markdown) {
        List<String> lines = markdown.lines().toList();
        List<Step> steps = new ArrayList<>();
        Optional<String> server = Optional.empty();
        for (int i = 0; i < lines.size(); i++) {
            if (lines.get(i).strip().equals(SERVER)) {
                int open = nextNonBlank(lines, i + 1);
                if (open < 0 || !lines.get(open).strip().equals("```sh")) {
                    throw new IllegalArgumentException("line " + (i + 1) + ": " + SERVER + " must be followed by a ```sh block");
                }
                server = Optional.of(String.join("\n", lines.subList(open + 1, closing(lines, open))).strip());
                continue;
            }
            if (!lines.get(i).strip().equals(MARK)) {
                continue;
            }
            int open = nextNonBlank(lines, i + 1);
            if (open < 0 || !lines.get(open).strip().equals("```sh")) {
                throw new IllegalArgumentException("line " + (i + 1) + ": " + MARK + " must be followed by a ```sh block");
            }
            int close = closing(lines, open);
            String commands = String.join("\n", lines.subList(open + 1, close));
            Optional<String> output = Optional.empty();
            int next = nextNonBlank(lines, close + 1);
            if (next >= 0 && lines.get(next).strip().equals("```text")) {
                int end = closing(lines, next);
                output = Optional.of(String.join("\n", lines.subList(next + 1, end)));
                i = end;
            } else {
                i = close;
            }
            steps.add(new Step(open + 1, commands, output));
        }
        return new TutorialScript(List.copyOf(steps), server);
    }

    private static int nextNonBlank(List<String> lines, int from) {
        for (int i = from; i < lines.size(); i++) {
            if (!lines.get(i).isBlank()) {
                return i;
            }
        }
        return -1;
    }

    private static int closing(List<String> lines, int open) {
        for (int i = open + 1; i < lines.size(); i++) {
            if (lines.get(i).strip().equals("```")) {
                return i;
            }
        }
        throw new IllegalArgumentException("line " + (open + 1) + ": code block is never closed");
    }
}

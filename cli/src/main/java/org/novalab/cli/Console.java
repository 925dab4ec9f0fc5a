package org.novalab.cli;

import java.io.InputStream;
import java.io.PrintStream;

/** The streams a command talks through, so tests can run commands in-process and read what they print. */
public record Console(PrintStream out, PrintStream err, InputStream in) {
    public static Console system() {
        return new Console(System.out, System.err, System.in);
    }

    /** Reads a secret: from the terminal without echo when there is one, else one line from {@link #in}. */
    public char[] readSecret(String prompt) throws java.io.IOException {
        java.io.Console terminal = System.console();
        if (terminal != null && in == System.in) {
            char[] typed = terminal.readPassword("%s", prompt);
            return typed == null ? new char[0] : typed;
        }
        StringBuilder line = new StringBuilder();
        int c;
        while ((c = in.read()) != -1 && c != '\n') {
            if (c != '\r') {
                line.append((char) c);
            }
        }
        char[] chars = new char[line.length()];
        line.getChars(0, line.length(), chars, 0);
        line.setLength(0);
        return chars;
    }
}

package org.novalab.storage.cli;

import com.beust.jcommander.Parameter;
import com.beust.jcommander.Parameters;
import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import org.novalab.cli.Command;
import org.novalab.cli.Console;
import org.novalab.cli.UsageError;
import org.novalab.storage.Pool;

/** {@code novalab rados -p images ls|stat|get|put|rm}, shaped like Ceph's {@code rados} tool. */
@Parameters(commandNames = "rados", commandDescription = "Objects of a pool, like Ceph's rados: "
        + "ls | stat OBJ | get OBJ FILE | put OBJ FILE | rm OBJ  (FILE '-' is stdout/stdin)")
public final class RadosCommand extends PoolOptions implements Command {
    @Parameter(description = "ls | stat OBJ | get OBJ FILE | put OBJ FILE | rm OBJ")
    private List<String> words = new ArrayList<>();

    @Override
    public int run(Console console) throws Exception {
        if (words.isEmpty()) {
            throw new UsageError("rados: give a verb: ls, stat OBJ, get OBJ FILE, put OBJ FILE, rm OBJ");
        }
        String verb = words.get(0);
        Pool pool = pool(verb.equals("put"));
        switch (verb) {
            case "ls" -> {
                arity(0);
                pool.listObjects().forEach(console.out()::println);
            }
            case "stat" -> {
                arity(1);
                console.out().println(pool.stat(words.get(1)).radosLine());
            }
            case "get" -> {
                arity(2);
                FileTransfer.save(new ByteArrayInputStream(pool.read(words.get(1))), words.get(2), console);
            }
            case "put" -> {
                arity(2);
                try (InputStream in = FileTransfer.open(words.get(2), console)) {
                    pool.writeFull(words.get(1), in);
                }
            }
            case "rm" -> {
                arity(1);
                pool.removeObject(words.get(1));
            }
            default -> throw new UsageError("rados: unknown verb '" + verb + "' (ls, stat, get, put, rm)");
        }
        return 0;
    }

    private void arity(int n) {
        if (words.size() != n + 1) {
            throw new UsageError("rados " + words.get(0) + ": expected " + n + " argument(s), got "
                    + (words.size() - 1));
        }
    }
}

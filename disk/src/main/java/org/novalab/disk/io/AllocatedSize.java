package org.novalab.disk.io;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/**
 * Bytes a file occupies on disk (st_blocks * 512, qemu-img's "disk size"). The JDK does not expose st_blocks, so
 * this asks coreutils' {@code stat}; without it, the apparent size is the best honest answer.
 */
public final class AllocatedSize {
    private AllocatedSize() {
    }

    public static long of(Path file) {
        try {
            Process p = new ProcessBuilder("stat", "--format=%b %B", file.toString())
                    .redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.US_ASCII).trim();
            if (p.waitFor(10, TimeUnit.SECONDS) && p.exitValue() == 0) {
                String[] parts = out.split(" ");
                return Long.parseLong(parts[0]) * Long.parseLong(parts[1]);
            }
        } catch (IOException | NumberFormatException | ArrayIndexOutOfBoundsException e) {
            // fall through to the apparent size
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        try {
            return Files.size(file);
        } catch (IOException e) {
            return 0;
        }
    }
}

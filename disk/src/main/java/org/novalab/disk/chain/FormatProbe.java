package org.novalab.disk.chain;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import org.novalab.disk.DiskException;
import org.novalab.disk.ImageFormat;
import org.novalab.disk.crypto.Luks1;

/** Guesses a file's format from its first bytes like QEMU's probing: qcow2 magic, LUKS magic, else raw. */
public final class FormatProbe {
    private FormatProbe() {
    }

    public static ImageFormat probe(Path file) {
        byte[] head = new byte[8];
        int n;
        try (InputStream in = Files.newInputStream(file)) {
            n = in.readNBytes(head, 0, head.length);
        } catch (NoSuchFileException e) {
            throw new DiskException("Could not open '" + file + "': No such file or directory", e);
        } catch (IOException e) {
            throw new DiskException("Could not open '" + file + "': " + e.getMessage(), e);
        }
        if (n >= 4 && head[0] == 'Q' && head[1] == 'F' && head[2] == 'I' && (head[3] & 0xff) == 0xfb) {
            return ImageFormat.QCOW2;
        }
        if (n >= 6 && Luks1.isLuks(head)) {
            return ImageFormat.LUKS;
        }
        return ImageFormat.RAW;
    }
}

package org.novalab.compute.instance;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.novalab.compute.InstanceFiles;
import org.novalab.io.AtomicFiles;
import org.novalab.io.FileTrees;

/** Creates, fills and removes instance directories ({@code instances/<uuid>/}). */
public final class InstanceDirs {
    private static final ObjectMapper JSON = new ObjectMapper();
    private final Set<PosixFilePermission> dirMode;
    private final Set<PosixFilePermission> fileMode;

    /** @param shared world-writable, for a QEMU that runs as another, unprivileged user */
    public InstanceDirs(boolean shared) {
        this.dirMode = PosixFilePermissions.fromString(shared ? "rwxrwxrwx" : "rwxr-xr-x");
        this.fileMode = PosixFilePermissions.fromString(shared ? "rw-rw-rw-" : "rw-r--r--");
    }

    public void create(InstanceFiles files) {
        try {
            Files.createDirectories(files.dir().getParent());
            Files.createDirectory(files.dir());
            Files.setPosixFilePermissions(files.dir(), dirMode);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create instance directory " + files.dir() + ": " + e.getMessage(), e);
        }
    }

    /**
     * Writes the instance's metadata files in one durable batch: {@code disk.info} (Nova's map of disk path to
     * format, {@code {"/…/disk": "qcow2"}}), {@code libvirt.xml}, {@code secret.xml} when given, and an empty
     * {@code console.log} for the serial port to append to.
     */
    public void writeMetadata(InstanceFiles files, String diskFormat, String domainXml, Optional<String> secretXml) {
        writeMetadata(files, files, diskFormat, domainXml, secretXml);
    }

    /**
     * The same files written into {@code into} (a rebuild's staging directory) for the disk of {@code named}, the
     * instance directory they will be part of once it is swapped into place: disk.info names that disk.
     */
    public void writeMetadata(InstanceFiles into, InstanceFiles named, String diskFormat, String domainXml,
                              Optional<String> secretXml) {
        InstanceFiles files = into;
        Map<Path, byte[]> out = new LinkedHashMap<>();
        try {
            out.put(files.diskInfo(), JSON.writeValueAsBytes(Map.of(named.disk().toAbsolutePath().toString(),
                    diskFormat)));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        out.put(files.libvirtXml(), domainXml.getBytes(StandardCharsets.UTF_8));
        secretXml.ifPresent(x -> out.put(files.secretXml().orElseThrow(), x.getBytes(StandardCharsets.UTF_8)));
        out.put(files.consoleLog(), new byte[0]);
        try {
            AtomicFiles.writeAll(out, fileMode);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the files of instance directory " + files.dir() + ": "
                    + e.getMessage(), e);
        }
    }

    /** Makes a file the disk backend wrote accessible to the hypervisor's user. */
    public void share(Path file) {
        try {
            if (Files.exists(file)) {
                Files.setPosixFilePermissions(file, fileMode);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot set permissions of " + file, e);
        }
    }

    public static String read(Path file) {
        try {
            return Files.readString(file, StandardCharsets.ISO_8859_1);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file + ": " + e.getMessage(), e);
        }
    }

    /** Removes the directory and everything in it; no-op when it does not exist. */
    public static void remove(Path dir) {
        try {
            FileTrees.delete(dir);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot remove instance directory " + dir + ": " + e.getMessage(), e);
        }
    }
}

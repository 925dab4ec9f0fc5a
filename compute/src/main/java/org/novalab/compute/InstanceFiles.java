package org.novalab.compute;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/** The files of one instance directory, {@code instances/<uuid>/}, as Nova lays them out. */
public record InstanceFiles(Path dir, Path disk, Path diskInfo, Path libvirtXml, Path consoleLog,
                            Optional<Path> secretXml) {
    /** The files of an existing instance directory: encrypted when it holds a secret.xml. */
    public static InstanceFiles of(Path dir) {
        InstanceFiles encrypted = in(dir, true);
        return Files.exists(encrypted.secretXml().orElseThrow()) ? encrypted : in(dir, false);
    }

    public static InstanceFiles in(Path dir, boolean encrypted) {
        return new InstanceFiles(dir, dir.resolve("disk"), dir.resolve("disk.info"), dir.resolve("libvirt.xml"),
                dir.resolve("console.log"), encrypted ? Optional.of(dir.resolve("secret.xml")) : Optional.empty());
    }
}

package org.novalab.compute;

import java.nio.file.Path;
import java.util.Optional;

/** The files of one instance directory, {@code instances/<uuid>/}, as Nova lays them out. */
public record InstanceFiles(Path dir, Path disk, Path diskInfo, Path libvirtXml, Path consoleLog,
                            Optional<Path> secretXml) {
    public static InstanceFiles in(Path dir, boolean encrypted) {
        return new InstanceFiles(dir, dir.resolve("disk"), dir.resolve("disk.info"), dir.resolve("libvirt.xml"),
                dir.resolve("console.log"), encrypted ? Optional.of(dir.resolve("secret.xml")) : Optional.empty());
    }
}

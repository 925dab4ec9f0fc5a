package org.novalab.compute.rescue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.novalab.compute.InstanceFiles;

/**
 * What a rescue adds to an instance directory, as Nova's libvirt driver names it: {@code unrescue.xml} (the
 * domain as it was, to define again on unrescue) and {@code disk.rescue} (the disk the rescue guest boots).
 */
public record RescueFiles(InstanceFiles instance, Path unrescueXml, Path rescueDisk) {
    public static RescueFiles of(InstanceFiles instance) {
        return new RescueFiles(instance, instance.dir().resolve("unrescue.xml"), instance.dir().resolve("disk.rescue"));
    }

    /** The files an image backend writes for the rescue disk: the instance's, with {@code disk.rescue} as disk. */
    InstanceFiles rescueDiskFiles() {
        return new InstanceFiles(instance.dir(), rescueDisk, instance.diskInfo(), instance.libvirtXml(),
                instance.consoleLog(), instance.secretXml());
    }

    /** Whether a rescue began here and was not undone: the domain as it was is still kept. */
    public boolean rescued() {
        return Files.exists(unrescueXml);
    }
}

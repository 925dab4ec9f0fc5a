package org.novalab.lab.classroom;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Function;
import org.novalab.compute.domain.DiskDefinition;
import org.novalab.disk.ImageInfo;

/** The steps an instance's bytes went through, Glance image to console, as the seed's figure draws them. */
final class Flow {
    private static final ObjectMapper JSON = new ObjectMapper();

    private Flow() {
    }

    static ArrayNode of(Optional<GlanceImage> image, List<Path> chain, Function<Path, String> show, DiskDefinition disk,
                        Optional<UUID> secret, String domain, String status, String console, List<ImageInfo> infos) {
        ArrayNode steps = JSON.createArrayNode();
        step(steps, "Glance image", image.map(i -> i.name() + " (" + i.diskFormat() + ", " + i.size() + " bytes), id "
                + i.id()).orElse("unknown: no image in the catalog matches the _base file"));
        step(steps, "pool objects", image.map(Flow::objects).orElse("-"));
        boolean overlay = chain.size() > 1;
        step(steps, "_base file", overlay ? show.apply(chain.get(chain.size() - 1)) + " ("
                + infos.get(infos.size() - 1).format().qemuName() + ", " + infos.get(infos.size() - 1).virtualSize()
                + " bytes)" : "not used by the disk: it was converted, every cluster copied into it");
        ImageInfo top = infos.isEmpty() ? null : infos.get(0);
        step(steps, "instance disk", chain.isEmpty() ? String.valueOf(disk.source())
                : show.apply(chain.get(0)) + " (" + top.format().qemuName() + (overlay ? " overlay" : "")
                        + (top.encrypted() ? ", encrypted" : ", not encrypted") + ")");
        step(steps, "secret", secret.map(u -> "libvirt secret " + u + " (value never shown)")
                .orElse("none: the disk is not encrypted"));
        step(steps, "libvirt XML", disk.encryption().map(e -> "<encryption format='" + e.format()
                + "'> names secret " + e.secretUuid()).orElse("<disk> without <encryption>"));
        step(steps, "domain", domain + ": " + status);
        step(steps, "console", console.isBlank() ? "(nothing printed)"
                : console.strip().lines().reduce((a, b) -> b).orElse(""));
        return steps;
    }

    private static String objects(GlanceImage i) {
        List<String> o = i.poolObjects();
        if (o.isEmpty()) {
            return "none listed";
        }
        return o.size() == 1 ? o.get(0) : o.get(0) + " ... " + o.get(o.size() - 1) + " (" + o.size() + " objects)";
    }

    private static void step(ArrayNode steps, String step, String what) {
        steps.addObject().put("step", step).put("what", what);
    }
}

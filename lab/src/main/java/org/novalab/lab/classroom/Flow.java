package org.novalab.lab.classroom;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Function;
import org.novalab.api.compute.InstanceOverview;
import org.novalab.compute.backend.RbdVolumeStat;
import org.novalab.compute.domain.DiskDefinition;
import org.novalab.compute.domain.DiskEncryption;
import org.novalab.compute.domain.DiskSource;
import org.novalab.compute.inspect.ChainLayer;
import org.novalab.compute.inspect.InstanceEvidence;
import org.novalab.disk.ImageInfo;

/**
 * The steps an instance's bytes went through, Glance image to console, as the seed's figure draws them, from what
 * the host has: Glance image, pool objects, then the {@code _base} file (an image boot) or the pool's clone (a boot
 * from volume), every disk of the domain (the boot disk first, attached volumes after it), each disk's secret, the
 * XML's {@code <disk>} elements, the domain and its console. A step the host has no evidence of is "missing"; an
 * instance in ERROR ends with its fault.
 */
final class Flow {
    private static final ObjectMapper JSON = new ObjectMapper();
    static final String DONE = "done";
    static final String MISSING = "missing";
    static final String FAILED = "failed";

    private final ArrayNode steps = JSON.createArrayNode();

    private Flow() {
    }

    static ArrayNode of(Optional<InstanceOverview> row, Optional<GlanceImage> image, Optional<InstanceEvidence> host,
                        Function<Path, String> show) {
        Flow f = new Flow();
        f.step("Glance image", image.map(i -> i.name() + " (" + i.diskFormat() + ", " + i.size() + " bytes), id "
                + i.id()).orElse("unknown: no image in the catalog is the one the instance names"),
                image.isPresent() ? DONE : MISSING);
        f.step("pool objects", image.map(Flow::objects).orElse("-"),
                image.filter(i -> !i.poolObjects().isEmpty()).isPresent() ? DONE : MISSING);
        String notMade = "not made" + row.flatMap(InstanceOverview::fault).map(x -> ": the build failed").orElse(
                ": the host has no directory for this instance");
        if (host.isEmpty()) {
            f.step("_base file or clone", notMade, MISSING);
            f.step("disk", notMade, MISSING);
            f.step("secret", notMade, MISSING);
            f.step("libvirt XML", notMade, MISSING);
            f.step("domain", "not defined", MISSING);
            f.step("console", "(nothing printed)", MISSING);
        } else {
            InstanceEvidence e = host.get();
            f.source(e, show);
            for (DiskDefinition d : e.disks()) {
                f.disk(e, d, show);
            }
            f.secrets(e);
            f.step("libvirt XML", String.join("; ", e.disks().stream().map(Flow::xml).toList()), DONE);
            f.step("domain", e.domainName() + ": " + e.status(), "running".equals(e.status()) ? DONE : MISSING);
            f.step("console", e.console().isBlank() ? "(nothing printed)"
                    : e.console().strip().lines().reduce((a, b) -> b).orElse(""), e.console().isBlank() ? MISSING : DONE);
        }
        row.flatMap(InstanceOverview::fault).ifPresent(x -> f.step("fault", x.code() + ": " + x.message(), FAILED));
        return f.steps;
    }

    /** Where the boot disk's bytes come from on the host: the {@code _base} file, or the pool's clone. */
    private void source(InstanceEvidence e, Function<Path, String> show) {
        if (e.bootDisk().source() instanceof DiskSource.Rbd r) {
            Optional<RbdVolumeStat> v = Optional.ofNullable(e.volumes().get(r.name()));
            step("clone", v.map(s -> s.pool() + "/" + s.name() + " (" + s.size() + " bytes), "
                    + s.parent().map(p -> "a copy-on-write clone of " + p).orElse("not a clone") + "; stores "
                    + s.dataObjects().size() + (s.dataObjects().size() == 1 ? " object" : " objects") + " of its own").orElse(r.name() + ": not in the pool"),
                    v.isPresent() ? DONE : MISSING);
            return;
        }
        List<ChainLayer> chain = e.chain();
        if (chain.size() > 1) {
            ChainLayer base = chain.get(chain.size() - 1);
            step("_base file", show.apply(base.file()) + " (" + base.info().format().qemuName() + ", "
                    + base.info().virtualSize() + " bytes), the disk's backing file", DONE);
        } else {
            step("_base file", chain.isEmpty() ? "the disk is missing"
                    : "not used by the disk: it was converted, every cluster copied into it", chain.isEmpty() ? MISSING
                    : DONE);
        }
    }

    private void disk(InstanceEvidence e, DiskDefinition d, Function<Path, String> show) {
        String name = "disk " + d.targetDev();
        if (d.source() instanceof DiskSource.Rbd r) {
            step(name, "rbd " + r.name() + " (" + d.driverType() + ", network disk" + encryption(d) + ")",
                    e.volumes().containsKey(r.name()) ? DONE : MISSING);
            return;
        }
        Path file = ((DiskSource.File) d.source()).path();
        boolean boot = d.equals(e.bootDisk());
        if (boot && !e.chain().isEmpty()) {
            ImageInfo top = e.chain().get(0).info();
            step(name, show.apply(e.chain().get(0).file()) + " (" + top.format().qemuName()
                    + (e.chain().size() > 1 ? " overlay" : "") + encryption(d) + ")", DONE);
        } else {
            step(name, show.apply(file) + " (" + d.driverType() + encryption(d) + ")",
                    java.nio.file.Files.exists(file) ? DONE : MISSING);
        }
    }

    private void secrets(InstanceEvidence e) {
        List<String> secrets = new ArrayList<>();
        boolean allDefined = true;
        for (DiskDefinition d : e.disks()) {
            if (d.encryption().isPresent()) {
                UUID u = d.encryption().get().secretUuid();
                boolean defined = e.secrets().containsKey(u);
                allDefined &= defined;
                secrets.add("libvirt secret " + u + " for " + d.targetDev()
                        + (defined ? " (value never shown)" : " (not defined in the secret store)"));
            }
        }
        step("secret", secrets.isEmpty() ? "none: no disk is encrypted" : String.join("; ", secrets),
                allDefined ? DONE : MISSING);
    }

    private static String encryption(DiskDefinition d) {
        return d.encryption().map(x -> ", encrypted: " + x.format()).orElse(", not encrypted");
    }

    private static String xml(DiskDefinition d) {
        String disk = d.targetDev() + ": <disk type='" + d.source().libvirtType() + "'>"
                + (d.source() instanceof DiskSource.Rbd r ? " rbd " + r.name() : "");
        return disk + d.encryption().map(DiskEncryption::format).map(f -> " with <encryption format='" + f
                + "'> naming secret " + d.encryption().get().secretUuid()).orElse(" without <encryption>");
    }

    private static String objects(GlanceImage i) {
        List<String> o = i.poolObjects();
        if (o.isEmpty()) {
            return "none listed";
        }
        return o.size() == 1 ? o.get(0) : o.get(0) + " ... " + o.get(o.size() - 1) + " (" + o.size() + " objects)";
    }

    private void step(String step, String what, String state) {
        steps.addObject().put("step", step).put("what", what).put("state", state);
    }
}

package org.novalab.lab.classroom;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import org.novalab.api.compute.InstanceOverview;
import org.novalab.api.compute.InstanceOverviews;
import org.novalab.compute.InstanceNotFound;
import org.novalab.compute.domain.DiskSource;
import org.novalab.compute.inspect.ChainLayer;
import org.novalab.compute.inspect.InstanceEvidence;
import org.novalab.compute.inspect.InstanceSummary;
import org.novalab.compute.rpc.ComputeApi;
import org.novalab.compute.secret.SecretDefinition;
import org.novalab.disk.ImageInfo;
import org.novalab.disk.info.InfoPrinter;
import org.novalab.lab.ClusterSources;
import org.novalab.lab.JsonReport;

/**
 * What the classroom page shows: every server of the deployment (its row: name, status, host, fault) and, for the
 * one picked, its compute host's own evidence (asked through the door, as every other part of novalab asks a host)
 * drawn for students: the flow from Glance image to console, the instance's directory, the disk's chain, where its
 * clusters live, the domain XML and the secrets' metadata.
 */
public final class Classroom {
    private static final ObjectMapper JSON = new ObjectMapper();

    private final ComputeApi compute;
    private final Set<String> hosts;
    private final ImageCatalog images;
    private final InstanceOverviews servers;

    /** @param hosts the compute hosts this server runs (the door answers for those; others have no evidence here) */
    public Classroom(ComputeApi compute, Set<String> hosts, ImageCatalog images, InstanceOverviews servers) {
        this.compute = compute;
        this.hosts = Set.copyOf(hosts);
        this.images = images;
        this.servers = servers;
    }

    /**
     * Every server, oldest first: {@code {"instances": [{"uuid", "name", "status", "vmState", "taskState",
     * "powerState", "host", "bootFromVolume", "domain", "domainState", "fault"}]}}; {@code domain} and
     * {@code domainState} only where the host has the instance's directory.
     */
    public ObjectNode instances() {
        List<InstanceOverview> rows = servers.all();
        Map<UUID, InstanceSummary> domains = new HashMap<>();
        rows.stream().flatMap(r -> r.host().stream()).distinct().filter(hosts::contains).forEach(h -> {
            try {
                compute.listInstanceDirectories(h).forEach(s -> domains.put(s.uuid(), s));
            } catch (RuntimeException unreachable) {
                // a host without evidence (a fake driver) still lists its servers, without their domains
            }
        });
        ObjectNode root = JSON.createObjectNode();
        ArrayNode list = root.putArray("instances");
        for (InstanceOverview r : rows) {
            ObjectNode o = row(list.addObject(), r);
            Optional.ofNullable(domains.get(r.uuid())).ifPresent(d -> o.put("domain", d.domainName())
                    .put("domainState", d.status()));
        }
        return root;
    }

    /** The page's whole view of one server; see {@code classroom.js} for how it is drawn. */
    public ObjectNode describe(UUID uuid) {
        InstanceOverview row = servers.find(uuid).orElseThrow(() -> new InstanceNotFound(uuid));
        Optional<InstanceEvidence> evidence = row.host().filter(hosts::contains).flatMap(h -> {
            try {
                return Optional.of(compute.describeInstance(h, uuid));
            } catch (InstanceNotFound noDirectory) {
                return Optional.empty(); // a build that failed leaves nothing on the host
            }
        });
        Optional<GlanceImage> image = imageOf(row, evidence).flatMap(images::byId);

        ObjectNode root = row(JSON.createObjectNode(), row);
        root.set("flow", Flow.of(Optional.of(row), image, evidence, p -> evidence.map(e -> show(e, p))
                .orElse(p.toString())));
        ArrayNode files = root.putArray("chain");
        if (evidence.isEmpty()) {
            root.put("tree", row.host().map(h -> "(no directory for this instance on " + h + ")")
                    .orElse("(the instance was placed on no host)"));
            root.putArray("disks");
            root.putArray("secrets");
            root.put("xml", "");
            root.put("console", "");
            return root;
        }
        InstanceEvidence e = evidence.get();
        root.put("domain", e.domainName()).put("domainState", e.status());
        root.put("tree", e.tree());
        List<ImageInfo> infos = e.chain().stream().map(ChainLayer::info).toList();
        for (ChainLayer layer : e.chain()) {
            files.addObject().put("file", show(e, layer.file()))
                    .put("info", InfoPrinter.text(layer.info()).replace(e.instancesDir() + "/", ""));
        }
        ArrayNode disks = root.putArray("disks");
        e.disks().forEach(d -> {
            ObjectNode o = disks.addObject().put("target", d.targetDev()).put("type", d.source().libvirtType())
                    .put("format", d.driverType());
            if (d.source() instanceof DiskSource.Rbd r) {
                o.put("source", r.name());
                Optional.ofNullable(e.volumes().get(r.name())).ifPresent(v -> {
                    o.put("size", v.size()).put("objects", v.dataObjects().size());
                    v.parent().ifPresent(p -> o.put("parent", p));
                });
            } else {
                o.put("source", show(e, ((DiskSource.File) d.source()).path()));
            }
            d.encryption().ifPresent(x -> o.put("encryption", x.format()).put("secret", x.secretUuid().toString()));
        });
        e.clusters().filter(m -> !infos.isEmpty()).map(m -> ClusterSources.of(m, infos.get(0).virtualSize(),
                infos.get(0).clusterSize() == null ? 65536 : infos.get(0).clusterSize())).ifPresent(m -> {
                    root.set("clusters", JsonReport.clusters(m));
                    root.put("clusterSummary", m.summary(e.chain().size() > 1));
                });
        ArrayNode secrets = root.putArray("secrets");
        e.disks().forEach(d -> d.encryption().ifPresent(x -> {
            SecretDefinition s = e.secrets().get(x.secretUuid());
            ObjectNode o = secrets.addObject().put("disk", d.targetDev()).put("uuid", x.secretUuid().toString());
            if (s == null) {
                o.put("usage", "(not defined in the secret store)");
            } else {
                o.put("usage", s.usageType() + " " + s.usageVolume()).put("private", s.isPrivate()).put("ephemeral", s.ephemeral());
            }
        }));
        root.put("xml", e.domainXml());
        root.put("console", e.console());
        return root;
    }

    /** The Glance image the server names; for a boot from volume, the image its clone's parent snapshot is of. */
    private static Optional<String> imageOf(InstanceOverview row, Optional<InstanceEvidence> evidence) {
        if (!row.imageId().isEmpty()) {
            return Optional.of(row.imageId());
        }
        return evidence.flatMap(e -> e.bootDisk().source() instanceof DiskSource.Rbd r
                ? Optional.ofNullable(e.volumes().get(r.name())) : Optional.empty())
                .flatMap(v -> v.parent()).map(p -> p.substring(p.indexOf('/') + 1, p.lastIndexOf('@')));
    }

    private static ObjectNode row(ObjectNode o, InstanceOverview r) {
        o.put("uuid", r.uuid().toString()).put("name", r.name()).put("status", r.status()).put("vmState", r.vmState())
                .put("powerState", r.powerState()).put("bootFromVolume", r.bootFromVolume());
        o.put("taskState", r.taskState().orElse(null)).put("host", r.host().orElse(null));
        r.fault().ifPresent(f -> o.putObject("fault").put("code", f.code()).put("message", f.message()));
        return o;
    }

    /** A path as the seed's shell showed it: relative to the instances dir when it is inside. */
    private static String show(InstanceEvidence e, Path p) {
        Path abs = p.toAbsolutePath().normalize();
        return abs.startsWith(e.instancesDir()) ? e.instancesDir().relativize(abs).toString() : abs.toString();
    }
}

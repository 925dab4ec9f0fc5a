package org.novalab.lab.classroom;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
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
 * What the classroom page shows of one instance: the compute host's own evidence (asked through the door, as
 * every other part of novalab asks a host) drawn for students: the flow from Glance image to console, the
 * instances tree, the disk's chain, where its clusters live, the domain XML and the secret's metadata.
 */
public final class Classroom {
    private static final ObjectMapper JSON = new ObjectMapper();

    private final ComputeApi compute;
    private final String host;
    private final ImageCatalog images;

    public Classroom(ComputeApi compute, String host, ImageCatalog images) {
        this.compute = compute;
        this.host = host;
        this.images = images;
    }

    /** Every instance directory with a domain XML: {@code {"instances": [{"uuid", "name", "domain", "status"}]}}. */
    public ObjectNode instances() {
        ObjectNode root = JSON.createObjectNode();
        ArrayNode list = root.putArray("instances");
        for (InstanceSummary i : compute.listInstanceDirectories(host)) {
            list.addObject().put("uuid", i.uuid().toString()).put("name", i.domainName()).put("domain", i.domainName())
                    .put("status", i.status());
        }
        return root;
    }

    /** The page's whole view of one instance; see {@code classroom.js} for how it is drawn. */
    public ObjectNode describe(UUID uuid) {
        InstanceEvidence e = compute.describeInstance(host, uuid);
        List<Path> chain = e.chain().stream().map(ChainLayer::file).toList();
        List<ImageInfo> infos = e.chain().stream().map(ChainLayer::info).toList();
        Optional<GlanceImage> image = chain.isEmpty() ? Optional.empty()
                : images.byBaseName(chain.get(chain.size() - 1).getFileName().toString());

        ObjectNode root = JSON.createObjectNode();
        root.put("uuid", uuid.toString());
        root.put("name", e.domainName());
        root.put("domain", e.domainName());
        root.put("tree", e.tree());
        ArrayNode files = root.putArray("chain");
        for (ChainLayer layer : e.chain()) {
            files.addObject().put("file", show(e, layer.file()))
                    .put("info", InfoPrinter.text(layer.info()).replace(e.instancesDir() + "/", ""));
        }
        root.set("flow", Flow.of(image, chain, p -> show(e, p), e.bootDisk(), e.secretUuid(), e.domainName(),
                e.status(), e.console(), infos));
        e.clusters().filter(m -> !infos.isEmpty()).map(m -> ClusterSources.of(m, infos.get(0).virtualSize(),
                infos.get(0).clusterSize() == null ? 65536 : infos.get(0).clusterSize())).ifPresent(m -> {
                    root.set("clusters", JsonReport.clusters(m));
                    root.put("clusterSummary", m.summary(chain.size() > 1));
                });
        e.secret().ifPresentOrElse(s -> root.set("secret", secret(s)),
                () -> e.secretUuid().ifPresent(u -> root.putObject("secret").put("uuid", u.toString())
                        .put("usage", "(not defined in the secret store)")));
        root.put("xml", e.domainXml());
        root.put("console", e.console());
        return root;
    }

    private static ObjectNode secret(SecretDefinition s) {
        return JSON.createObjectNode().put("uuid", s.uuid().toString()).put("usage", "volume " + s.usageVolume())
                .put("private", s.isPrivate()).put("ephemeral", s.ephemeral());
    }

    /** A path as the seed's shell showed it: relative to the instances dir when it is inside. */
    private static String show(InstanceEvidence e, Path p) {
        Path abs = p.toAbsolutePath().normalize();
        return abs.startsWith(e.instancesDir()) ? e.instancesDir().relativize(abs).toString() : abs.toString();
    }
}

package org.novalab.lab;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * Renders a {@link LabReport} for machines (and the classroom page). The shape is a contract:
 * {@code {"allMatch", "matching", "total", "stateDir", "realColumn", "notes": [...], "explanation": [...],
 * "cases": [{"id", "group", "format", "recipe", "secret", "title", "seedSays", "why", "expected",
 * "expectedError"?, "observed": {"outcome", "label", "detail", "console"}, "real"?: {...}, "matches",
 * "disk"?: {"path", "chain", "clusters": {...}, "sector0Stored", "sector0Guest", "marker"?}}]}}.
 */
public final class JsonReport {
    private static final ObjectMapper MAPPER = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private JsonReport() {
    }

    public static String render(LabReport report) {
        try {
            return MAPPER.writeValueAsString(tree(report));
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException("cannot render the lab report as JSON", e);
        }
    }

    public static ObjectNode tree(LabReport report) {
        ObjectNode root = MAPPER.createObjectNode();
        root.put("allMatch", report.allMatch());
        root.put("matching", report.matching());
        root.put("total", report.results().size());
        root.put("stateDir", report.stateDir());
        root.put("realColumn", report.realColumn());
        ArrayNode notes = root.putArray("notes");
        report.notes().forEach(notes::add);
        ArrayNode explanation = root.putArray("explanation");
        Explanation.paragraphs().forEach(explanation::add);
        ArrayNode cases = root.putArray("cases");
        for (CaseResult r : report.results()) {
            cases.add(caseNode(r));
        }
        return root;
    }

    /** One case's row of the lab's table, as {@link #tree} lists it under {@code cases}. */
    public static ObjectNode caseNode(CaseResult r) {
        LabCase c = r.labCase();
        ObjectNode n = MAPPER.createObjectNode();
        n.put("id", c.id());
        n.put("group", c.group().name().toLowerCase(java.util.Locale.ROOT));
        n.put("format", c.formatLabel());
        n.put("recipe", c.recipe().label());
        n.put("secret", c.secret().label());
        n.put("title", c.title());
        n.put("seedSays", c.seedSays());
        n.put("why", c.why());
        n.put("expected", c.expected().name());
        c.expectedError().ifPresent(e -> n.put("expectedError", e));
        n.set("observed", observation(r.observed()));
        r.real().ifPresent(o -> n.set("real", observation(o)));
        n.put("matches", r.matches());
        r.evidence().ifPresent(e -> n.set("disk", evidence(e)));
        return n;
    }

    private static ObjectNode observation(Observation o) {
        ObjectNode n = MAPPER.createObjectNode();
        n.put("outcome", o.outcome().name());
        n.put("label", o.outcome().label());
        n.put("detail", o.detail());
        n.put("console", o.console());
        o.note().ifPresent(v -> n.put("note", v));
        return n;
    }

    private static ObjectNode evidence(DiskEvidence e) {
        ObjectNode n = MAPPER.createObjectNode();
        n.put("path", e.disk());
        ArrayNode chain = n.putArray("chain");
        e.chain().forEach(chain::add);
        n.set("clusters", clusters(e.clusters()));
        n.put("clusterSummary", e.clusters().summary(e.hasBacking()));
        n.set("sector0Stored", sector(e.sector0Stored()));
        n.set("sector0Guest", sector(e.sector0Guest()));
        e.marker().ifPresent(m -> n.set("marker", sector(m)));
        return n;
    }

    /** A cluster map as JSON: counts and run-length segments ({"source": top|backing|zero, "encrypted", "first", "count"}). */
    public static ObjectNode clusters(ClusterSources m) {
        ObjectNode n = MAPPER.createObjectNode();
        n.put("virtualSize", m.virtualSize());
        n.put("clusterSize", m.clusterSize());
        n.put("inTop", m.inTop());
        n.put("inTopEncrypted", m.inTopEncrypted());
        n.put("fromBacking", m.fromBacking());
        n.put("fromBackingEncrypted", m.fromBackingEncrypted());
        n.put("zero", m.zero());
        ArrayNode segments = n.putArray("segments");
        for (ClusterSources.Segment s : m.segments()) {
            ObjectNode seg = segments.addObject();
            seg.put("source", s.source().name().toLowerCase(java.util.Locale.ROOT));
            seg.put("encrypted", s.encrypted());
            seg.put("first", s.firstCluster());
            seg.put("count", s.clusters());
        }
        return n;
    }

    private static ObjectNode sector(SectorView v) {
        ObjectNode n = MAPPER.createObjectNode();
        n.put("where", v.where());
        n.put("verdict", v.verdict());
        ArrayNode hex = n.putArray("hex");
        v.hex().forEach(hex::add);
        return n;
    }
}

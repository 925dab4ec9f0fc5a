package org.novalab.lab;

import java.util.ArrayList;
import java.util.List;

/** Renders a {@link LabReport} for people: the table, why each row came out so, the disks, the explanation. */
public final class TextReport {
    private TextReport() {
    }

    public static String render(LabReport report) {
        StringBuilder out = new StringBuilder();
        out.append("novalab lab backing-vs-convert: the seed's experiments through novalab's compute driver\n");
        out.append("state: ").append(report.stateDir()).append("\n\n");
        out.append(table(report)).append('\n');
        out.append("Why\n");
        for (CaseResult r : report.results()) {
            out.append("  ").append(r.labCase().id()).append(": ").append(r.labCase().why()).append('\n');
            if (!r.observed().satisfies(r.labCase())) {
                out.append("    MISMATCH: observed ").append(r.observed().outcome().label()).append(": ")
                        .append(r.observed().detail()).append('\n');
            }
        }
        out.append('\n').append("Disks\n");
        for (CaseResult r : report.results()) {
            r.evidence().ifPresent(e -> out.append(evidence(r.labCase(), e)));
        }
        out.append("What this shows\n");
        for (String p : Explanation.paragraphs()) {
            out.append("  - ").append(p).append('\n');
        }
        if (!report.notes().isEmpty()) {
            out.append('\n').append("Notes\n");
            report.notes().forEach(n -> out.append("  - ").append(n).append('\n'));
        }
        out.append('\n').append(String.format("%d of %d observations match their expectations%s%n",
                report.matching(), report.results().size(), report.allMatch() ? "." : ": SEE MISMATCHES ABOVE."));
        return out.toString();
    }

    static String table(LabReport report) {
        List<String> headers = new ArrayList<>(List.of("#", "case", "the seed says", "expected", "observed (novalab)"));
        if (report.realColumn()) {
            headers.add("observed (real qemu/libvirt)");
        }
        headers.add("match");
        TextTable table = new TextTable(headers);
        for (CaseResult r : report.results()) {
            List<String> row = new ArrayList<>(List.of(r.labCase().id(), r.labCase().title(), r.labCase().seedSays(),
                    r.labCase().expected().label(), r.observed().outcome().label()));
            if (report.realColumn()) {
                row.add(r.real().map(o -> o.outcome().label()).orElse("-"));
            }
            row.add(r.matches() ? "yes" : "NO");
            table.row(row);
        }
        return table.render();
    }

    private static String evidence(LabCase c, DiskEvidence e) {
        StringBuilder out = new StringBuilder();
        out.append("  ").append(c.id()).append(": ").append(String.join(" -> ", e.chain())).append('\n');
        out.append("    clusters: ").append(e.clusters().summary(e.hasBacking())).append('\n');
        sector(out, "sector 0 as stored", e.sector0Stored());
        sector(out, "sector 0 as the guest read it (" + c.secret().label() + ")", e.sector0Guest());
        e.marker().ifPresent(m -> sector(out, "marker sector as the guest reads it (" + c.secret().label() + ")", m));
        out.append('\n');
        return out.toString();
    }

    private static void sector(StringBuilder out, String title, SectorView v) {
        out.append("    ").append(title).append(": ").append(v.where()).append(" -> ").append(v.verdict()).append('\n');
        v.hex().forEach(l -> out.append("      ").append(l).append('\n'));
    }
}

package org.novalab.api.virsh.cli;

import java.util.ArrayList;
import java.util.List;

/** virsh's table layout: a leading space, columns three spaces apart, a dashed rule under the header. */
final class VirshTables {
    private VirshTables() {
    }

    static String domains(List<VirshClient.DomainRow> rows) {
        List<List<String>> cells = new ArrayList<>();
        for (VirshClient.DomainRow r : rows) {
            cells.add(List.of(r.id() == null ? "-" : r.id(), r.name(), r.state()));
        }
        return table(List.of("Id", "Name", "State"), cells);
    }

    static String secrets(List<VirshClient.SecretRow> rows) {
        List<List<String>> cells = new ArrayList<>();
        for (VirshClient.SecretRow r : rows) {
            cells.add(List.of(r.uuid(), r.usage()));
        }
        return table(List.of("UUID", "Usage"), cells);
    }

    static String table(List<String> header, List<List<String>> rows) {
        int[] width = new int[header.size()];
        for (int i = 0; i < width.length; i++) {
            width[i] = header.get(i).length();
            for (List<String> r : rows) {
                width[i] = Math.max(width[i], r.get(i).length());
            }
        }
        StringBuilder out = new StringBuilder();
        String head = line(header, width);
        out.append(head).append('\n').append("-".repeat(head.length() + 2)).append('\n');
        rows.forEach(r -> out.append(line(r, width)).append('\n'));
        return out.toString();
    }

    private static String line(List<String> cells, int[] width) {
        StringBuilder l = new StringBuilder();
        for (int i = 0; i < cells.size(); i++) {
            l.append(' ').append(i == cells.size() - 1 ? cells.get(i) : String.format("%-" + width[i] + "s  ", cells.get(i)));
        }
        return l.toString().stripTrailing();
    }
}

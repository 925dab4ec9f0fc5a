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
        String head = line(header, width);
        List<String> lines = rows.stream().map(r -> line(r, width)).toList();
        // virsh rules the header off as wide as the widest line, plus two
        int rule = Math.max(head.length(), lines.stream().mapToInt(String::length).max().orElse(0)) + 2;
        StringBuilder out = new StringBuilder();
        out.append(head).append('\n').append("-".repeat(rule)).append('\n');
        lines.forEach(l -> out.append(l).append('\n'));
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

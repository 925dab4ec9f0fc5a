package org.novalab.storage.cli;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;

/** Columns padded to their widest cell, one space apart, as Ceph's tools print tables; headers left-aligned. */
final class TextTable {
    private final List<String> headers = new ArrayList<>();
    private final List<Boolean> rightAligned = new ArrayList<>();
    private final List<String[]> rows = new ArrayList<>();

    /** A column whose header is left-aligned and whose cells are right-aligned when {@code rightCells}. */
    TextTable column(String header, boolean rightCells) {
        headers.add(header);
        rightAligned.add(rightCells);
        return this;
    }

    void row(String... cells) {
        rows.add(cells);
    }

    void print(PrintStream out) {
        int[] widths = new int[headers.size()];
        for (int c = 0; c < widths.length; c++) {
            widths[c] = headers.get(c).length();
            for (String[] row : rows) {
                widths[c] = Math.max(widths[c], row[c].length());
            }
        }
        out.println(line(headers.toArray(String[]::new), widths, false));
        for (String[] row : rows) {
            out.println(line(row, widths, true));
        }
    }

    private String line(String[] cells, int[] widths, boolean cellsAligned) {
        StringBuilder sb = new StringBuilder();
        for (int c = 0; c < cells.length; c++) {
            String pad = " ".repeat(widths[c] - cells[c].length());
            sb.append(c == 0 ? "" : " ");
            sb.append(cellsAligned && rightAligned.get(c) ? pad + cells[c] : cells[c] + pad);
        }
        return sb.toString().stripTrailing();
    }
}

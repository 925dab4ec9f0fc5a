package org.novalab.lab;

import java.util.List;

/**
 * The lab's whole result.
 *
 * @param stateDir    where the disks, domains and secrets were made (kept with {@code --state})
 * @param realColumn  true when the real-tools column was requested ({@code --real})
 * @param notes       what the reader must know about this run (skipped tools, refusals of legacy AES ...)
 */
public record LabReport(String stateDir, List<CaseResult> results, boolean realColumn, List<String> notes) {
    public LabReport {
        results = List.copyOf(results);
        notes = List.copyOf(notes);
    }

    public long matching() {
        return results.stream().filter(CaseResult::matches).count();
    }

    public boolean allMatch() {
        return matching() == results.size();
    }
}

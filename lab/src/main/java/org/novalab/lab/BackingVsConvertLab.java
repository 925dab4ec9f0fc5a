package org.novalab.lab;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.novalab.compute.ComputeConfig;
import org.novalab.disk.Disks;

/**
 * {@code novalab lab backing-vs-convert}: every case of {@link SeedCases}, run in a fresh state dir through the
 * compute driver on a private test-driver hypervisor with boot emulation (nothing shared with a running server),
 * and with {@code real} again on the real tools.
 */
public final class BackingVsConvertLab {
    private static final Duration EMULATED_BOOT = Duration.ofSeconds(1);

    /** @param stateDir where to build everything (kept); empty for a temporary dir removed afterwards */
    public record Options(Optional<Path> stateDir, boolean real) {
    }

    private BackingVsConvertLab() {
    }

    /** Told of each case of the novalab column as it is observed (the classroom streams them to the page). */
    @FunctionalInterface
    public interface Progress {
        void observed(CaseResult result, int done, int total);

        Progress NONE = (result, done, total) -> { };
    }

    public static LabReport run(Options options) throws IOException, InterruptedException {
        return run(options, Progress.NONE);
    }

    public static LabReport run(Options options, Progress progress) throws IOException, InterruptedException {
        List<LabCase> cases = SeedCases.all();
        try (StateDir state = options.stateDir().isPresent() ? StateDir.kept(options.stateDir().get())
                : StateDir.temporary()) {
            List<CaseResult> results = emulated(cases, state.path(), progress);
            List<String> notes = new ArrayList<>(List.of(
                    "novalab column: novalab's disk library and boot emulation under libvirt's test driver",
                    "the verification's encrypted base has no key of its own in the XML: as QEMU 2.x (the seed's "
                            + "era) did, the disk's key also unlocks it"));
            if (options.real()) {
                RealColumn.Result real = new RealColumn().run(cases);
                results = withReal(results, real.observations());
                notes.addAll(real.notes());
            }
            return new LabReport(state.describe(), results, options.real(), notes);
        }
    }

    private static List<CaseResult> emulated(List<LabCase> cases, Path state, Progress progress)
            throws IOException {
        Path instances = Files.createDirectories(state.resolve("instances"));
        // a private test-driver state: the lab's domains never show up in a server's test:///default
        Path node = state.resolve("test-node.xml");
        Files.writeString(node, "<node/>\n", StandardCharsets.UTF_8);
        ComputeConfig config = ComputeConfig.defaults(instances).withHypervisorUri("test://" + node.toAbsolutePath());
        try (LabHost host = LabHost.open(config, Disks.java(), new ChainKeyOpener())) {
            DiskInspector inspector = new DiskInspector(host.disks(), state);
            SeedExperiment seed = new SeedExperiment(host, inspector, EMULATED_BOOT);
            VerificationExperiment verification = new VerificationExperiment(host, inspector,
                    Files.createDirectories(state.resolve("appendix")));
            WriteBackExperiment writeBack = new WriteBackExperiment(host, inspector);
            List<CaseResult> results = new ArrayList<>();
            List<LabCase> writeBackCases = new ArrayList<>();
            for (LabCase c : cases) {
                switch (c.group()) {
                    case SEED -> observed(results, seed.run(c, true), progress, cases.size());
                    case VERIFICATION -> observed(results, verification.run(c), progress, cases.size());
                    case WRITE_BACK -> writeBackCases.add(c);
                }
            }
            if (writeBackCases.size() == 2) {
                for (CaseResult r : writeBack.run(writeBackCases.get(0), writeBackCases.get(1))) {
                    observed(results, r, progress, cases.size());
                }
            }
            return results;
        }
    }

    private static void observed(List<CaseResult> results, CaseResult r, Progress progress, int total) {
        results.add(r);
        progress.observed(r, results.size(), total);
    }

    private static List<CaseResult> withReal(List<CaseResult> results, Map<String, Observation> real) {
        return results.stream().map(r -> new CaseResult(r.labCase(), r.observed(),
                Optional.ofNullable(real.get(r.labCase().id())), r.evidence())).toList();
    }
}

package org.novalab.lab;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.novalab.compute.ComputeConfig;
import org.novalab.compute.hypervisor.SessionLibvirtd;
import org.novalab.disk.EncryptionFormat;
import org.novalab.disk.qemu.QemuImgTool;

/**
 * {@code lab --real}: the seed's experiments again with the real {@code qemu-img} building the disks and a real
 * (unprivileged) libvirtd + QEMU booting them, through the same compute driver. Real QEMU 7.2 / libvirt 9.0 refuse
 * legacy AES, so the legacy rows record that refusal and the AES-only parts (verification, write-back) are not run.
 * Without the tools every row is skipped with a note saying what to install.
 */
final class RealColumn {
    private static final Duration BOOT_TIMEOUT = Duration.ofSeconds(60);
    private static final Map<String, String> TOOLS = Map.of("qemu-img", "qemu-utils",
            "qemu-system-x86_64", "qemu-system-x86", "libvirtd", "libvirt-daemon-driver-qemu", "setpriv", "util-linux");

    /** The real observations by case id, and the notes the report must carry. */
    record Result(Map<String, Observation> observations, List<String> notes) {
    }

    Result run(List<LabCase> cases) throws IOException, InterruptedException {
        List<String> missing = new ArrayList<>();
        TOOLS.forEach((tool, pkg) -> {
            if (Tools.find(tool).isEmpty()) {
                missing.add(tool + " (apt-get install " + pkg + ")");
            }
        });
        if (!missing.isEmpty()) {
            return skipAll(cases, "real tools not installed: " + String.join(", ", missing));
        }
        if (!"root".equals(System.getProperty("user.name"))) {
            return skipAll(cases, "the real column starts an unprivileged libvirtd as nobody, which needs root");
        }
        // short: libvirt's monitor socket path (under the daemon's dir) must fit in 108 bytes
        Path work = Files.createTempDirectory(Path.of("/tmp"), "nl");
        try {
            openToGuests(work);
            Path instances = Files.createDirectories(work.resolve("instances"));
            openToGuests(instances);
            try (SessionLibvirtd libvirtd = SessionLibvirtd.start(work)) {
                ComputeConfig config = ComputeConfig.defaults(instances).withHypervisorUri(libvirtd.uri())
                        .sharedWithHypervisorUser(true);
                try (LabHost host = LabHost.open(config, QemuImgTool.onPath(), new ChainKeyOpener())) {
                    return new Result(observe(cases, host), List.of("real column: qemu-img "
                            + QemuImgTool.onPath().probe() + ", libvirtd at " + libvirtd.uri()));
                }
            }
        } finally {
            org.novalab.io.FileTrees.delete(work);
        }
    }

    private static Map<String, Observation> observe(List<LabCase> cases, LabHost host) {
        SeedExperiment seed = new SeedExperiment(host, null, BOOT_TIMEOUT);
        Map<String, Observation> out = new LinkedHashMap<>();
        for (LabCase c : cases) {
            if (c.group() == CaseGroup.SEED) {
                out.put(c.id(), seed.run(c, false).observed());
            } else if (c.format() == EncryptionFormat.AES) {
                out.put(c.id(), Observation.skipped("legacy AES: the real QEMU/libvirt refuse it (see the aes-* rows)"));
            }
        }
        return out;
    }

    private static Result skipAll(List<LabCase> cases, String why) {
        Map<String, Observation> out = new LinkedHashMap<>();
        cases.forEach(c -> out.put(c.id(), Observation.skipped(why)));
        return new Result(out, List.of("real column skipped: " + why));
    }

    private static void openToGuests(Path dir) throws IOException {
        Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwxrwxrwx"));
    }

    /** Executables on PATH (and the sbin directories, where libvirtd lives). */
    static final class Tools {
        private Tools() {
        }

        static Optional<Path> find(String tool) {
            List<String> dirs = new ArrayList<>(List.of(System.getenv().getOrDefault("PATH", "").split(":")));
            dirs.addAll(List.of("/usr/sbin", "/usr/bin", "/sbin", "/bin"));
            return dirs.stream().filter(d -> !d.isEmpty()).map(d -> Path.of(d, tool)).filter(Files::isExecutable)
                    .findFirst();
        }
    }
}

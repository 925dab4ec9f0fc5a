package org.novalab.lab.cli;

import com.beust.jcommander.Parameter;
import com.beust.jcommander.Parameters;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Optional;
import org.novalab.cli.Command;
import org.novalab.cli.Console;
import org.novalab.cli.HelpOption;
import org.novalab.cli.UsageError;
import org.novalab.lab.BackingVsConvertLab;
import org.novalab.lab.JsonReport;
import org.novalab.lab.LabReport;
import org.novalab.lab.TextReport;

@Parameters(commandNames = "backing-vs-convert", commandDescription = "Run the seed's experiments (legacy AES and LUKS x "
        + "backing-file overlay and convert x right and other secret, the author's verification, the write-back "
        + "effect) through novalab's compute driver, and explain them. Exit status 0 only when every observation "
        + "matches its expectation.")
public final class BackingVsConvertCommand extends HelpOption implements Command {
    @Parameter(names = "--state", description = "Build everything in this new or empty directory and keep it "
            + "(default: a temporary directory, removed afterwards)")
    private Path state;

    @Parameter(names = "--real", description = "Also run the seed's cases with the real qemu-img and an unprivileged "
            + "libvirtd + QEMU, in a second column (LUKS boots or is refused; today's libvirt refuses legacy AES). "
            + "Needs root and qemu-utils, qemu-system-x86, libvirt-daemon-driver-qemu; skipped with a note when missing")
    private boolean real;

    @Parameter(names = "--format", description = "text or json")
    private String format = "text";

    @Override
    public int run(Console console) throws Exception {
        String fmt = format.toLowerCase(Locale.ROOT);
        if (!fmt.equals("text") && !fmt.equals("json")) {
            throw new UsageError("--format must be text or json, not '" + format + "'");
        }
        if (state != null && java.nio.file.Files.isDirectory(state)) {
            try (var entries = java.nio.file.Files.list(state)) {
                if (entries.findAny().isPresent()) {
                    throw new UsageError("--state " + state + ": the lab's state dir must be new or empty");
                }
            }
        }
        LabReport report = BackingVsConvertLab.run(new BackingVsConvertLab.Options(Optional.ofNullable(state), real));
        console.out().print(fmt.equals("json") ? JsonReport.render(report) + "\n" : TextReport.render(report));
        return report.allMatch() ? 0 : 1;
    }
}

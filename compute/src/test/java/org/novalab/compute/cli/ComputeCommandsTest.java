package org.novalab.compute.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.novalab.cli.Cli;
import org.novalab.cli.Console;

class ComputeCommandsTest {
    @TempDir
    Path tmp;
    final ByteArrayOutputStream out = new ByteArrayOutputStream();
    final ByteArrayOutputStream err = new ByteArrayOutputStream();

    int run(String... args) {
        Console console = new Console(new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8), new ByteArrayInputStream(new byte[0]));
        return new Cli(List.of(new ComputeCommands()), List.of()).run(args, console);
    }

    @Test
    void spawnShowsTheFilesAndTheGuestsBannerAndTheLuksWrongSecretFailure() {
        int status = run("compute", "spawn", "--instances", tmp.resolve("instances").toString(),
                "--encryption", "luks", "--wrong-secret");
        String printed = out.toString(StandardCharsets.UTF_8);
        assertThat(status).as(err.toString(StandardCharsets.UTF_8)).isZero();
        assertThat(printed).contains("RUNNING", "secret.xml:", "SeaBIOS (version", "novalab fixture guest: booted from disk",
                "start failed (ERROR)", "Invalid password, cannot unlock any keyslot");
    }

    @Test
    void spawnOfALegacyAesOverlayWithAnotherSecretStillBoots() {
        int status = run("compute", "spawn", "--instances", tmp.resolve("instances").toString(),
                "--encryption", "qcow", "--creation", "backing_file", "--wrong-secret");
        assertThat(status).isZero();
        assertThat(out.toString(StandardCharsets.UTF_8).split("booted from disk", -1)).hasSize(3);
    }

    @Test
    void capsReportsWhatTheTestDriverCanEncryptLuksOnlyOnRbd() {
        assertThat(run("compute", "caps", "--instances", tmp.resolve("instances").toString())).isZero();
        assertThat(out.toString(StandardCharsets.UTF_8)).contains("test:///default (emulated boot)",
                "volume encryption: true", "RBD    [LUKS]");
    }

    @Test
    void badValuesAreUsageErrors() {
        assertThat(run("compute", "spawn", "--instances", tmp.toString(), "--encryption", "rot13")).isEqualTo(2);
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("--encryption must be none, luks or qcow");
    }
}

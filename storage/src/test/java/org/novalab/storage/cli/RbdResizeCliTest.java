package org.novalab.storage.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.novalab.cli.Cli;
import org.novalab.cli.Console;
import org.novalab.cli.UsageError;

/** {@code novalab rbd resize --size SIZE [POOL/]NAME}, with rbd's syntax: MiB by default, grow only. */
class RbdResizeCliTest {
    @TempDir
    Path dir;
    String state;
    final ByteArrayOutputStream out = new ByteArrayOutputStream();
    final ByteArrayOutputStream err = new ByteArrayOutputStream();

    private int run(String... args) {
        out.reset();
        err.reset();
        return new Cli(List.of(), List.of(new RbdCommand())).run(args, new Console(new PrintStream(out, true),
                new PrintStream(err, true), new ByteArrayInputStream(new byte[0])));
    }

    @BeforeEach
    void importASmallImage() throws Exception {
        state = dir.resolve("instances").toString();
        Path raw = Files.write(dir.resolve("small.raw"), new byte[] {1, 2, 3, 4});
        assertThat(run("rbd", "-p", "images", "--state", state, "import", raw.toString(), "img")).isZero();
    }

    private String info() {
        assertThat(run("rbd", "-p", "images", "--state", state, "info", "img")).isZero();
        return out.toString(StandardCharsets.UTF_8);
    }

    @Test
    void sizeIsInMibByDefaultAndThePoolMayComeWithTheName() {
        assertThat(run("rbd", "--state", state, "resize", "--size", "2048", "images/img")).isZero();

        assertThat(info()).contains("\tsize 2 GiB in 256 objects");
    }

    @Test
    void aUnitIsAccepted() {
        assertThat(run("rbd", "-p", "images", "--state", state, "resize", "--size", "1G", "img")).isZero();

        assertThat(info()).contains("\tsize 1 GiB in 128 objects");
    }

    @Test
    void shrinkingIsRefusedAndTheImageKeepsItsSize() {
        assertThat(run("rbd", "-p", "images", "--state", state, "resize", "--size", "1G", "img")).isZero();

        assertThat(run("rbd", "-p", "images", "--state", state, "resize", "--size", "512", "img")).isNotZero();
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("cannot shrink rbd image images/img")
                .contains("--allow-shrink");
        assertThat(info()).contains("\tsize 1 GiB in 128 objects");
    }

    @Test
    void aMissingOrBadSizeIsAUsageError() {
        assertThat(run("rbd", "-p", "images", "--state", state, "resize", "img")).isEqualTo(2);
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("--size");
        assertThat(run("rbd", "-p", "images", "--state", state, "resize", "--size", "lots", "img")).isEqualTo(2);
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("bad size 'lots'");
        assertThat(info()).contains("\tsize 4 B in 1 objects");
    }

    @Test
    void sizesParseLikeRbd() {
        assertThat(RbdSize.parse("2048")).isEqualTo(2048L << 20);
        assertThat(RbdSize.parse("2G")).isEqualTo(2L << 30);
        assertThat(RbdSize.parse("512K")).isEqualTo(512L << 10);
        assertThat(RbdSize.parse("1TiB")).isEqualTo(1L << 40);
        assertThat(RbdSize.parse("10B")).isEqualTo(10L);
        assertThatThrownBy(() -> RbdSize.parse("99999999999999999T")).isInstanceOf(UsageError.class)
                .hasMessageContaining("too large");
    }
}

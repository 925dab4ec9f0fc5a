package org.novalab.storage.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.novalab.cli.Cli;
import org.novalab.cli.Console;

/**
 * {@code novalab rbd snap ...}, {@code rbd clone} and {@code rbd children}: what a student types to watch Glance's
 * protected snapshot and Nova's copy-on-write clone, answered in the rbd tool's words.
 */
class RbdSnapshotCliTest {
    @TempDir
    Path dir;
    String state;
    Path raw;
    final ByteArrayOutputStream out = new ByteArrayOutputStream();
    final ByteArrayOutputStream err = new ByteArrayOutputStream();

    private int run(String... args) {
        out.reset();
        err.reset();
        String[] withState = new String[args.length + 2];
        System.arraycopy(args, 0, withState, 0, 1);
        withState[1] = "--state";
        withState[2] = state;
        System.arraycopy(args, 1, withState, 3, args.length - 1);
        return new Cli(List.of(), List.of(new RbdCommand(), new RadosCommand())).run(withState,
                new Console(new PrintStream(out, true), new PrintStream(err, true),
                        new ByteArrayInputStream(new byte[0])));
    }

    private String out() {
        return out.toString(StandardCharsets.UTF_8);
    }

    private String err() {
        return err.toString(StandardCharsets.UTF_8);
    }

    @BeforeEach
    void importAnImageOfThreeObjects() throws Exception {
        state = dir.resolve("instances").toString();
        byte[] data = new byte[3 * 4096 + 10];
        new Random(6).nextBytes(data);
        raw = Files.write(dir.resolve("img.raw"), data);
        assertThat(run("rbd", "--order", "12", "import", raw.toString(), "images/img")).isZero();
    }

    private void snapshotAndProtect() {
        assertThat(run("rbd", "snap", "create", "images/img@snap")).isZero();
        assertThat(run("rbd", "snap", "protect", "images/img@snap")).isZero();
    }

    @Test
    void snap_ls_lists_the_snapshots_with_size_and_protection() {
        assertThat(run("rbd", "snap", "ls", "images/img")).isZero();
        assertThat(out()).isEmpty();

        snapshotAndProtect();
        assertThat(run("rbd", "snap", "create", "images/img@later")).isZero();

        assertThat(run("rbd", "snap", "ls", "images/img")).isZero();
        List<String> lines = out().lines().toList();
        assertThat(lines.get(0)).matches("SNAPID +NAME +SIZE +PROTECTED +TIMESTAMP");
        assertThat(lines.get(1)).matches(" *1 snap +12\\.0 KiB yes +\\w{3} \\w{3} +\\d+ \\d\\d:\\d\\d:\\d\\d \\d{4}");
        assertThat(lines.get(2)).matches(" *2 later +12\\.0 KiB +\\w{3} .*");
        assertThat(lines).hasSize(3);
        assertThat(run("rbd", "info", "images/img@snap")).isZero();
        assertThat(out()).contains("\tsnapshot_count: 2", "\tprotected: True");
    }

    @Test
    void a_clone_needs_a_protected_snapshot_stores_nothing_and_info_shows_parent_and_overlap() throws Exception {
        assertThat(run("rbd", "snap", "create", "images/img@snap")).isZero();
        assertThat(run("rbd", "clone", "images/img@snap", "vms/disk")).isEqualTo(1);
        assertThat(err()).contains("parent snapshot must be protected");
        assertThat(run("rbd", "snap", "protect", "images/img@snap")).isZero();

        assertThat(run("rbd", "clone", "images/img@snap", "vms/disk")).isZero();

        assertThat(run("rbd", "children", "images/img@snap")).isZero();
        assertThat(out()).isEqualTo("vms/disk\n");
        assertThat(run("rbd", "-p", "vms", "info", "disk")).isZero();
        assertThat(out()).contains("rbd image 'disk':", "\tsize 12.0 KiB in 4 objects", "\tsnapshot_count: 0",
                "\tparent: images/img@snap\n", "\toverlap: 12.0 KiB\n");
        assertThat(run("rados", "-p", "vms", "ls")).isZero();
        assertThat(out()).doesNotContain("rbd_data.");
        Path back = dir.resolve("back.raw");
        assertThat(run("rbd", "export", "vms/disk", back.toString())).isZero();
        assertThat(Files.mismatch(back, raw)).isEqualTo(-1);
    }

    @Test
    void a_snapshot_with_a_clone_cannot_be_unprotected_or_removed_nor_its_image_until_the_clone_is_gone() {
        snapshotAndProtect();
        assertThat(run("rbd", "clone", "images/img@snap", "vms/disk")).isZero();
        assertThat(run("rbd", "-p", "vms", "info", "disk")).isZero();
        String childId = out().lines().filter(l -> l.startsWith("\tid: ")).findFirst().orElseThrow().substring(5);

        assertThat(run("rbd", "snap", "unprotect", "images/img@snap")).isEqualTo(1);
        assertThat(err()).contains("cannot unprotect: at least 1 child(ren) [" + childId + "] in pool 'vms'");
        assertThat(run("rbd", "snap", "rm", "images/img@snap")).isEqualTo(1);
        assertThat(err()).contains("images/img@snap is protected from removal");
        assertThat(run("rbd", "rm", "images/img")).isEqualTo(1);
        assertThat(err()).contains("images/img has snapshots");

        assertThat(run("rbd", "rm", "vms/disk")).isZero();
        assertThat(run("rbd", "snap", "unprotect", "images/img@snap")).isZero();
        assertThat(run("rbd", "snap", "rm", "images/img@snap")).isZero();
        assertThat(run("rbd", "rm", "images/img")).isZero();
        assertThat(run("rbd", "ls")).isZero();
        assertThat(out()).isEmpty();
    }

    @Test
    void snapshot_verbs_want_a_snapshot_and_image_verbs_refuse_one() {
        assertThat(run("rbd", "snap", "create", "images/img")).isEqualTo(2);
        assertThat(err()).contains("snapshot name was not specified");
        assertThat(run("rbd", "clone", "images/img", "vms/disk")).isEqualTo(2);
        assertThat(run("rbd", "children", "images/img")).isEqualTo(2);
        assertThat(run("rbd", "rm", "images/img@snap")).isEqualTo(2);
        assertThat(err()).contains("snapshot name specified for a command that doesn't use it");
        assertThat(run("rbd", "snap", "frobnicate", "images/img@snap")).isEqualTo(2);
        assertThat(run("rbd", "snap", "create", "images/@snap")).isEqualTo(2);
        assertThat(err()).contains("bad image spec");
    }

    @Test
    void the_help_names_every_verb() {
        assertThat(run("rbd", "--help")).isZero();

        assertThat(out().replaceAll("\\s+", " ")).contains("snap create|ls|protect|unprotect|rm SNAP",
                "clone SNAP SPEC", "children SNAP", "SNAP is [POOL/]IMAGE@SNAP");
    }
}

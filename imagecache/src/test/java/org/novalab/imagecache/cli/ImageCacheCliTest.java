package org.novalab.imagecache.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.novalab.cli.Cli;
import org.novalab.cli.Console;
import org.novalab.disk.Disks;
import org.novalab.fixture.FixtureGuest;
import org.novalab.storage.cli.RadosCommand;
import org.novalab.storage.cli.RbdCommand;

class ImageCacheCliTest {
    @TempDir
    Path dir;
    final ByteArrayOutputStream out = new ByteArrayOutputStream();
    final ByteArrayOutputStream err = new ByteArrayOutputStream();

    private int run(String... args) {
        out.reset();
        err.reset();
        Cli cli = new Cli(List.of(new CacheCommands(Disks::java)), List.of(new RadosCommand(), new RbdCommand()));
        return cli.run(args, new Console(new PrintStream(out, true), new PrintStream(err, true),
                new ByteArrayInputStream(new byte[0])));
    }

    private String out() {
        return out.toString(StandardCharsets.UTF_8);
    }

    @Test
    void rbd_import_then_rados_ls_and_stat_show_the_seed_layout() throws Exception {
        Path raw = dir.resolve("cirros.raw");
        FixtureGuest.write(raw);
        String state = dir.resolve("instances").toString();

        assertThat(run("rbd", "-p", "images", "--state", state, "import", raw.toString(),
                "b5351923-136c-484a-a538-49f81bdf9497")).isZero();
        assertThat(run("rados", "-p", "images", "--state", state, "ls")).isZero();
        List<String> objects = out().lines().toList();
        assertThat(objects).hasSize(8).contains("rbd_directory", "rbd_id.b5351923-136c-484a-a538-49f81bdf9497");
        String last = objects.stream().filter(o -> o.endsWith(".0000000000000004")).findFirst().orElseThrow();

        assertThat(run("rados", "-p", "images", "--state", state, "stat", last)).isZero();
        assertThat(out()).matches("images/rbd_data\\.[0-9a-f]{12}\\.0000000000000004 mtime \\d+, size 7571968\\n");

        assertThat(run("rbd", "-p", "images", "--state", state, "info", "b5351923-136c-484a-a538-49f81bdf9497"))
                .isZero();
        assertThat(out()).contains("rbd image 'b5351923-136c-484a-a538-49f81bdf9497':",
                "\tsize 39.2 MiB in 5 objects", "\torder 23 (8 MiB objects)", "\tformat: 2")
                .containsPattern("\tblock_name_prefix: rbd_data\\.[0-9a-f]{12}\\n");

        Path back = dir.resolve("back.raw");
        assertThat(run("rbd", "--state", state, "export", "b5351923-136c-484a-a538-49f81bdf9497",
                back.toString())).isZero();
        assertThat(Files.mismatch(back, raw)).isEqualTo(-1);
    }

    @Test
    void rados_get_put_rm_and_a_missing_object() throws Exception {
        String pool = dir.resolve("p").toString();
        Path in = Files.writeString(dir.resolve("in.txt"), "payload");

        assertThat(run("rados", "--pool-dir", pool, "put", "obj", in.toString())).isZero();
        assertThat(run("rados", "--pool-dir", pool, "get", "obj", dir.resolve("got.txt").toString())).isZero();
        assertThat(Files.readString(dir.resolve("got.txt"))).isEqualTo("payload");
        assertThat(run("rados", "--pool-dir", pool, "rm", "obj")).isZero();
        assertThat(run("rados", "--pool-dir", pool, "stat", "obj")).isEqualTo(1);
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("images/obj: No such file or directory");
        assertThat(run("rados", "--pool-dir", pool, "frobnicate")).isEqualTo(2);
    }

    @Test
    void reading_a_pool_that_does_not_exist_fails_without_creating_it() {
        Path state = dir.resolve("empty-state");

        assertThat(run("rados", "-p", "images", "--state", state.toString(), "ls")).isEqualTo(1);
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("error opening pool images")
                .contains("No such file or directory");
        assertThat(state).doesNotExist();
    }

    @Test
    void cache_clean_reports_removed_kept_and_in_use() throws Exception {
        Path instances = dir.resolve("instances");
        Path base = Files.createDirectories(instances.resolve("_base"));
        Path old = Files.write(base.resolve("0123"), new byte[] {1});
        Files.setLastModifiedTime(old, FileTime.from(Instant.now().minusSeconds(7200)));
        Path young = Files.write(base.resolve("4567"), new byte[] {1});

        assertThat(run("cache", "clean", "--state", instances.toString(), "--min-age", "3600")).isZero();

        assertThat(out()).contains("removed " + old, "kept    " + young, "removed 1, kept 1, in use 0");
        assertThat(old).doesNotExist();
    }
}

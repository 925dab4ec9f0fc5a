package org.novalab.storage.directory;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.novalab.fixture.FixtureGuest;
import org.novalab.storage.Image;
import org.novalab.storage.ImageImport;
import org.novalab.storage.InvalidArgument;
import org.novalab.storage.Pool;

/** How the directory cluster keeps pools, snapshots and clones on disk, and the headers it still reads. */
class DirectoryLayoutTest {
    @TempDir
    Path dir;

    private static Image store(Pool pool, String name, byte[] data, int order) throws IOException {
        try (ImageImport writer = pool.importImage(name, order)) {
            writer.write(data);
        }
        return pool.open(name);
    }

    private static List<String> files(Path pool) throws IOException {
        try (Stream<Path> list = Files.list(pool)) {
            return list.map(p -> p.getFileName().toString()).sorted().toList();
        }
    }

    @Test
    void pools_are_the_subdirectories_of_the_cluster_directory() {
        DirectoryCluster cluster = DirectoryCluster.open(dir.resolve("pool"));

        cluster.createPool("images").writeFull("x", new byte[] {1});

        assertThat(dir.resolve("pool/images/x")).hasBinaryContent(new byte[] {1});
        assertThat(cluster.listPools()).containsExactly("images");
        assertThat(cluster.withPoolDir("scratch", dir.resolve("elsewhere")).createPool("scratch").name())
                .isEqualTo("scratch");
        assertThat(dir.resolve("elsewhere")).isDirectory();
    }

    @Test
    void opening_a_pool_reclaims_the_temporary_object_files_a_killed_writer_left() throws Exception {
        DirectoryCluster cluster = DirectoryCluster.open(dir.resolve("pool"));
        Path pool = dir.resolve("pool/images");
        cluster.createPool("images").writeFull("rbd_data.abc.0000000000000000", new byte[] {1});
        Process killed = new ProcessBuilder("true").start();
        killed.waitFor();
        Files.write(pool.resolve(".rbd_data.abc.0000000000000001.tmp-" + killed.pid() + "-5e"), new byte[4096]);
        Path live = Files.write(pool.resolve(".rbd_data.abc.0000000000000002.tmp-" + ProcessHandle.current().pid()
                + "-5f"), new byte[1]);

        cluster.openPool("images");

        assertThat(files(pool)).containsExactly(live.getFileName().toString(), "rbd_data.abc.0000000000000000");
    }

    @Test
    void the_seed_image_with_glances_snapshot_is_still_five_objects_and_three_metadata_objects_in_rados_ls()
            throws IOException {
        Pool images = DirectoryCluster.open(dir).createPool("images");
        Path raw = dir.resolve("cirros.raw");
        FixtureGuest.write(raw);
        try (ImageImport writer = images.importImage(FixtureGuest.class.getSimpleName(), Pool.DEFAULT_ORDER);
             InputStream in = Files.newInputStream(raw)) {
            in.transferTo(writer);
        }
        Image image = images.open(FixtureGuest.class.getSimpleName());

        image.createSnap("snap");
        image.protectSnap("snap");

        assertThat(images.listObjects()).hasSize(8);
        assertThat(images.dataObjects(image.stat())).extracting(o -> images.stat(o).size())
                .containsExactly(8388608L, 8388608L, 8388608L, 8388608L, 7571968L);
        assertThat(files(dir.resolve("images"))).filteredOn(f -> f.endsWith("@1")).hasSize(5)
                .allMatch(f -> f.startsWith(".rbd_data." + image.stat().id() + "."));
    }

    @Test
    void a_snapshot_keeps_hard_links_so_a_head_write_leaves_the_kept_file_as_it_was() throws IOException {
        Pool pool = DirectoryCluster.open(dir).createPool("images");
        byte[] data = new byte[4096];
        Arrays.fill(data, (byte) 5);
        Image image = store(pool, "img", data, 12);
        String object = image.stat().dataObjectName(0);

        image.createSnap("s");
        image.write(0, ByteBuffer.wrap(new byte[] {9}));

        Path kept = dir.resolve("images").resolve("." + object + "@1");
        assertThat(kept).hasBinaryContent(data);
        assertThat(pool.read(object)[0]).isEqualTo((byte) 9);
        image.removeSnap("s");
        assertThat(kept).doesNotExist();
    }

    @Test
    void an_object_put_with_the_images_prefix_but_no_object_number_is_not_taken_for_data() throws IOException {
        Pool pool = DirectoryCluster.open(dir).createPool("images");
        Image image = store(pool, "img", new byte[8192], 12);
        String stray = image.stat().blockNamePrefix() + ".notes";
        pool.writeFull(stray, new byte[] {1});

        image.createSnap("s");
        image.resize(4096, true);

        assertThat(pool.listObjects()).contains(stray);
        assertThat(files(dir.resolve("images"))).noneMatch(f -> f.contains(".notes@"));
    }

    @Test
    void a_clone_is_refused_into_a_pool_of_another_cluster() throws IOException {
        Pool images = DirectoryCluster.open(dir.resolve("a")).createPool("images");
        Pool elsewhere = DirectoryCluster.open(dir.resolve("b")).createPool("vms");
        Image image = store(images, "img", new byte[] {1}, 12);
        image.createSnap("snap");
        image.protectSnap("snap");

        assertThatThrownBy(() -> images.clone("img", "snap", elsewhere, "disk")).isInstanceOf(InvalidArgument.class)
                .hasMessageContaining("one cluster");
        assertThat(elsewhere.list()).isEmpty();
    }

    /** What the pool code before snapshots wrote: a clone was a full copy, its header's parent a "pool/image". */
    @Test
    void a_clone_written_before_snapshots_existed_opens_as_a_full_copy_that_owns_every_object() throws IOException {
        Path images = Files.createDirectories(dir.resolve("pool/images"));
        byte[] base = new byte[8192];
        Arrays.fill(base, (byte) 1);
        byte[] copy = new byte[8192];
        Arrays.fill(copy, (byte) 2);
        Files.writeString(images.resolve("rbd_directory"), "{\"name_to_id\": {\"base\": \"aaaaaaaaaaaa\", \"copy\": "
                + "\"bbbbbbbbbbbb\"}, \"id_to_name\": {\"aaaaaaaaaaaa\": \"base\", \"bbbbbbbbbbbb\": \"copy\"}}");
        for (String[] image : new String[][] {{"base", "aaaaaaaaaaaa", ""}, {"copy", "bbbbbbbbbbbb",
            ", \"parent\": \"images/base\""}}) {
            Files.writeString(images.resolve("rbd_id." + image[0]), image[1], StandardCharsets.US_ASCII);
            Files.writeString(images.resolve("rbd_header." + image[1]), "{\"size\": 8192, \"order\": 12, "
                    + "\"object_prefix\": \"rbd_data." + image[1] + "\", \"features\": 1, \"create_timestamp\": "
                    + "1480335472" + image[2] + "}");
        }
        Files.write(images.resolve("rbd_data.aaaaaaaaaaaa.0000000000000000"), Arrays.copyOf(base, 4096));
        Files.write(images.resolve("rbd_data.aaaaaaaaaaaa.0000000000000001"), Arrays.copyOf(base, 4096));
        Files.write(images.resolve("rbd_data.bbbbbbbbbbbb.0000000000000000"), Arrays.copyOf(copy, 4096));
        Files.write(images.resolve("rbd_data.bbbbbbbbbbbb.0000000000000001"), Arrays.copyOf(copy, 4096));
        Pool pool = DirectoryCluster.open(dir.resolve("pool")).openPool("images");

        Image old = pool.open("copy");

        assertThat(old.parentInfo()).isEmpty();
        assertThat(old.read(0, 8192)).isEqualTo(copy);
        Image parent = pool.open("base");
        parent.createSnap("snap");
        parent.protectSnap("snap");
        assertThat(parent.listChildren("snap")).isEmpty();
        old.resize(3 * 4096);
        assertThat(Files.readString(images.resolve("rbd_header.bbbbbbbbbbbb"))).contains("\"parent\" : \"images/base\"");
        parent.unprotectSnap("snap");
        parent.removeSnap("snap");
        pool.remove("base");
        assertThat(pool.open("copy").read(0, 8192)).isEqualTo(copy);
    }
}

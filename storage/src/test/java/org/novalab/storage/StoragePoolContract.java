package org.novalab.storage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * What every implementation of the storage seam must do, in librbd's terms: a subclass gives a fresh, empty
 * {@link Cluster} and inherits the whole contract. Images use 4 KiB objects (order 12) so object boundaries are
 * cheap to cross. Pools {@code images} and {@code vms} stand for Glance's and Nova's.
 *
 * <p>Two facts of a real cluster every implementation may show, so the contract allows them: a new pool can hold
 * objects of its own ({@code rbd_info}, written by {@code rbd pool init}), and an image cannot be removed while a
 * handle on it is open (its header watch: EBUSY, {@link ImageBusy}), so the tests close handles before removing.
 */
public abstract class StoragePoolContract {
    protected static final int ORDER = 12;
    protected static final int OBJECT = 1 << ORDER;

    protected Cluster cluster;
    protected Pool images;
    protected Pool vms;
    /** The bytes of the Glance image the clone tests start from: three objects and a short one. */
    private final byte[] glanceData = random(3 * OBJECT + 100, 20);

    /** A cluster with no pool in it, used by one test only. */
    protected abstract Cluster newCluster() throws Exception;

    @BeforeEach
    void openPools() throws Exception {
        cluster = newCluster();
        images = cluster.createPool("images");
        vms = cluster.createPool("vms");
    }

    protected static byte[] random(int length, long seed) {
        byte[] data = new byte[length];
        new Random(seed).nextBytes(data);
        return data;
    }

    protected static Image store(Pool pool, String name, byte[] data) throws IOException {
        try (ImageImport writer = pool.importImage(name, ORDER)) {
            writer.write(data);
        }
        return pool.open(name);
    }

    protected static byte[] readAll(Image image) throws IOException {
        try (InputStream in = image.openStream()) {
            return in.readAllBytes();
        }
    }

    protected static void write(Image image, long offset, byte[] data) {
        image.write(offset, ByteBuffer.wrap(data));
    }

    /** An image with a protected snapshot {@code snap} of all its bytes, as Glance's rbd store leaves one. */
    protected Image glanceImage(String name, byte[] data) throws IOException {
        Image image = store(images, name, data);
        image.createSnap("snap");
        image.protectSnap("snap");
        return image;
    }

    // ---- pools ----

    @Test
    void a_pool_must_exist_to_be_opened_and_creating_one_twice_keeps_it() {
        assertThatThrownBy(() -> cluster.openPool("volumes")).isInstanceOf(PoolNotFound.class);
        assertThat(cluster.poolExists("volumes")).isFalse();

        cluster.createPool("volumes").writeFull("kept", new byte[] {1});
        cluster.createPool("volumes");

        assertThat(cluster.openPool("volumes").read("kept")).containsExactly(1);
        assertThat(cluster.listPools()).contains("images", "vms", "volumes").isSorted();
    }

    // ---- objects ----

    @Test
    void objects_are_written_whole_read_back_stated_listed_and_removed() {
        java.util.List<String> poolOwn = images.listObjects();
        assertThat(poolOwn).allMatch(o -> o.equals("rbd_info"));
        images.writeFull("notes", "hello".getBytes());

        assertThat(images.read("notes")).isEqualTo("hello".getBytes());
        assertThat(images.stat("notes").size()).isEqualTo(5);
        assertThat(images.listObjects()).containsExactlyElementsOf(
                java.util.stream.Stream.concat(poolOwn.stream(), java.util.stream.Stream.of("notes")).sorted().toList());
        images.writeFull("notes", "hi".getBytes());
        assertThat(images.read("notes")).isEqualTo("hi".getBytes());

        images.removeObject("notes");

        assertThat(images.listObjects()).isEqualTo(poolOwn);
        assertThatThrownBy(() -> images.stat("notes")).isInstanceOf(ObjectNotFound.class)
                .hasMessageContaining("images/notes: No such file or directory");
        assertThatThrownBy(() -> images.removeObject("notes")).isInstanceOf(ObjectNotFound.class);
    }

    // ---- images ----

    @Test
    void an_image_is_created_listed_stated_and_removed_with_all_its_objects() throws IOException {
        images.create("b", 3L * OBJECT + 1, ORDER);
        Image a = store(images, "a", random(OBJECT + 5, 1));

        assertThat(images.list()).containsExactly("a", "b");
        ImageInfo info = a.stat();
        assertThat(info.size()).isEqualTo(OBJECT + 5);
        assertThat(info.order()).isEqualTo(ORDER);
        assertThat(info.objectCount()).isEqualTo(2);
        assertThat(info.blockNamePrefix()).isEqualTo("rbd_data." + info.id());
        // librbd's ids are the client's instance id in hex and 8 random hex digits: 12 digits on a young cluster
        assertThat(info.id()).matches("[0-9a-f]{9,16}");
        assertThat(images.open("b").size()).isEqualTo(3L * OBJECT + 1);
        try (Image byId = images.openById(info.id())) {
            assertThat(byId.name()).isEqualTo("a");
        }
        a.close();

        images.remove("a");

        assertThat(images.list()).containsExactly("b");
        assertThat(images.listObjects()).noneMatch(o -> o.contains(info.id()) || o.equals("rbd_id.a"));
        assertThatThrownBy(() -> images.open("a")).isInstanceOf(ImageNotFound.class)
                .hasMessageContaining("images/a");
        assertThatThrownBy(() -> images.remove("a")).isInstanceOf(ImageNotFound.class);
    }

    @Test
    void a_name_is_taken_once_per_pool() {
        images.create("a", 1, ORDER);

        assertThatThrownBy(() -> images.create("a", 1, ORDER)).isInstanceOf(ImageExists.class)
                .hasMessageContaining("already exists");
        assertThatThrownBy(() -> images.importImage("a", ORDER)).isInstanceOf(ImageExists.class);
        vms.create("a", 1, ORDER);
    }

    @Test
    void a_new_image_is_all_holes() {
        images.create("empty", 2L * OBJECT, ORDER);
        Image image = images.open("empty");

        assertThat(image.read(0, 2 * OBJECT)).hasSize(2 * OBJECT).containsOnly((byte) 0);
        assertThat(images.dataObjects(image.stat())).isEmpty();
    }

    // ---- importandexport ----

    @Test
    void an_import_exports_byte_exact_and_stores_no_all_zero_object() throws IOException {
        byte[] data = random(4 * OBJECT + 100, 2);
        Arrays.fill(data, OBJECT, 3 * OBJECT, (byte) 0);

        Image image = store(images, "sparse", data);

        assertThat(image.size()).isEqualTo(data.length);
        assertThat(readAll(image)).isEqualTo(data);
        ImageInfo info = image.stat();
        assertThat(images.dataObjects(info)).containsExactly(info.dataObjectName(0), info.dataObjectName(3),
                info.dataObjectName(4));
        assertThat(images.stat(info.dataObjectName(4)).size()).isEqualTo(100);
    }

    @Test
    void an_aborted_import_leaves_no_image_and_no_object() throws IOException {
        ImageImport writer = images.importImage("aborted", ORDER);
        writer.write(random(3 * OBJECT, 4));
        ImageInfo info = writer.image();

        writer.abort();

        assertThat(images.list()).isEmpty();
        assertThat(images.dataObjects(info)).isEmpty();
    }

    // ---- readandwrite ----

    @Test
    void writes_land_at_byte_offsets_across_objects_and_unwritten_bytes_read_as_zeros() {
        images.create("disk", 3L * OBJECT, ORDER);
        Image image = images.open("disk");
        byte[] data = random(OBJECT, 5);

        write(image, OBJECT / 2, data);

        byte[] all = image.read(0, 3 * OBJECT);
        assertThat(Arrays.copyOfRange(all, OBJECT / 2, OBJECT / 2 + OBJECT)).isEqualTo(data);
        assertThat(Arrays.copyOf(all, OBJECT / 2)).containsOnly((byte) 0);
        assertThat(Arrays.copyOfRange(all, OBJECT / 2 + OBJECT, all.length)).containsOnly((byte) 0);
        assertThat(images.dataObjects(image.stat())).hasSize(2);
        assertThat(images.open("disk").read(OBJECT / 2, OBJECT)).isEqualTo(data);
    }

    @Test
    void a_read_stops_at_the_end_and_a_write_may_not_pass_it() {
        images.create("disk", OBJECT + 10, ORDER);
        Image image = images.open("disk");

        assertThat(image.read(OBJECT, 100)).hasSize(10);
        assertThat(image.read(OBJECT + 10, ByteBuffer.allocate(4))).isZero();
        assertThatThrownBy(() -> write(image, OBJECT + 5, new byte[6])).isInstanceOf(InvalidArgument.class);
    }

    // ---- snapshots ----

    @Test
    void a_snapshot_keeps_the_bytes_while_the_head_changes() throws IOException {
        byte[] data = random(2 * OBJECT + 50, 6);
        Image image = store(images, "img", data);

        image.createSnap("before");
        write(image, 10, new byte[] {1, 2, 3});
        write(image, 2L * OBJECT, random(50, 7));

        Image snapshot = images.open("img", "before");
        assertThat(readAll(snapshot)).isEqualTo(data);
        assertThat(snapshot.snapshot()).contains("before");
        assertThat(images.open("img").read(10, 3)).containsExactly(1, 2, 3);
        assertThat(image.listSnaps()).extracting(SnapInfo::name, SnapInfo::size, SnapInfo::isProtected)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("before", (long) data.length, false));
    }

    @Test
    void a_snapshot_keeps_its_size_when_the_head_is_resized() throws IOException {
        byte[] data = random(OBJECT + 1, 8);
        Image image = store(images, "img", data);
        image.createSnap("s");

        image.resize(4L * OBJECT);

        assertThat(images.open("img", "s").size()).isEqualTo(data.length);
        assertThat(readAll(images.open("img", "s"))).isEqualTo(data);
    }

    @Test
    void a_snapshot_is_read_only() throws IOException {
        store(images, "img", random(OBJECT, 9)).createSnap("s");
        Image snapshot = images.open("img", "s");

        assertThatThrownBy(() -> write(snapshot, 0, new byte[1])).isInstanceOf(ReadOnlyImage.class);
        assertThatThrownBy(() -> snapshot.resize(2L * OBJECT)).isInstanceOf(ReadOnlyImage.class);
    }

    @Test
    void snapshot_names_are_unique_and_a_missing_one_is_not_found() throws IOException {
        Image image = store(images, "img", random(10, 10));
        image.createSnap("s");

        assertThatThrownBy(() -> image.createSnap("s")).isInstanceOf(ImageExists.class);
        assertThatThrownBy(() -> image.removeSnap("t")).isInstanceOf(ImageNotFound.class);
        assertThatThrownBy(() -> images.open("img", "t")).isInstanceOf(ImageNotFound.class);
    }

    @Test
    void a_snapshot_keeps_no_object_that_rados_lists() throws IOException {
        Image image = store(images, "img", random(2 * OBJECT, 11));
        java.util.List<String> before = images.listObjects();

        image.createSnap("s");
        write(image, 0, random(OBJECT, 12));

        assertThat(images.listObjects()).isEqualTo(before);
    }

    @Test
    void a_protected_snapshot_cannot_be_removed_until_it_is_unprotected() throws IOException {
        Image image = store(images, "img", random(10, 13));
        image.createSnap("s");
        image.protectSnap("s");

        assertThat(image.isProtectedSnap("s")).isTrue();
        assertThatThrownBy(() -> image.removeSnap("s")).isInstanceOf(ImageBusy.class)
                .hasMessageContaining("protected");
        assertThatThrownBy(() -> image.protectSnap("s")).isInstanceOf(ImageBusy.class);

        image.unprotectSnap("s");
        assertThatThrownBy(() -> image.unprotectSnap("s")).isInstanceOf(InvalidArgument.class);
        image.removeSnap("s");

        assertThat(image.listSnaps()).isEmpty();
    }

    @Test
    void an_image_with_snapshots_cannot_be_removed() throws IOException {
        byte[] data = random(OBJECT, 14);
        try (Image image = store(images, "img", data)) {
            image.createSnap("s");
        }

        assertThatThrownBy(() -> images.remove("img")).isInstanceOf(ImageHasSnapshots.class);

        try (Image image = images.open("img")) {
            assertThat(readAll(image)).isEqualTo(data);
            image.removeSnap("s");
        }
        images.remove("img");
        assertThat(images.list()).isEmpty();
    }

    // ---- clones ----

    @Test
    void only_a_protected_snapshot_can_be_cloned() throws IOException {
        Image parent = glanceImage("glance", glanceData);
        parent.createSnap("loose");

        assertThatThrownBy(() -> images.clone("glance", "loose", vms, "disk"))
                .isInstanceOf(InvalidArgument.class).hasMessageContaining("protected");
        assertThat(vms.list()).isEmpty();
        assertThatThrownBy(() -> images.clone("glance", "nope", vms, "disk")).isInstanceOf(ImageNotFound.class);
    }

    @Test
    void a_clone_reads_through_to_the_parent_snapshot_and_stores_nothing_itself() throws IOException {
        Image parent = glanceImage("glance", glanceData);
        images.clone("glance", "snap", vms, "disk");
        Image clone = vms.open("disk");

        assertThat(readAll(clone)).isEqualTo(glanceData);
        assertThat(clone.read(OBJECT - 3, 6)).isEqualTo(Arrays.copyOfRange(glanceData, OBJECT - 3, OBJECT + 3));
        assertThat(vms.dataObjects(clone.stat())).isEmpty();
        assertThat(clone.parentInfo()).contains(new ParentInfo("images", "glance", "snap", glanceData.length));
        assertThat(parent.listChildren("snap")).containsExactly(new ImageSpec("vms", "disk"));
    }

    @Test
    void a_child_write_allocates_an_object_in_the_child_only_copying_the_rest_of_it_up() throws IOException {
        glanceImage("glance", glanceData);
        images.clone("glance", "snap", vms, "disk");
        Image clone = vms.open("disk");
        java.util.List<String> parentObjects = images.listObjects();

        write(clone, OBJECT + 10, new byte[] {7, 7, 7});

        byte[] expected = glanceData.clone();
        expected[OBJECT + 10] = 7;
        expected[OBJECT + 11] = 7;
        expected[OBJECT + 12] = 7;
        assertThat(readAll(vms.open("disk"))).isEqualTo(expected);
        assertThat(vms.dataObjects(clone.stat())).containsExactly(clone.stat().dataObjectName(1));
        assertThat(images.listObjects()).isEqualTo(parentObjects);
        assertThat(readAll(images.open("glance"))).isEqualTo(glanceData);
        assertThat(readAll(images.open("glance", "snap"))).isEqualTo(glanceData);
    }

    @Test
    void a_write_to_the_parent_after_the_snapshot_is_not_seen_by_the_clone() throws IOException {
        Image parent = glanceImage("glance", glanceData);
        images.clone("glance", "snap", vms, "disk");

        write(parent, 0, new byte[OBJECT]);
        write(parent, 2L * OBJECT + 5, new byte[] {9});

        assertThat(readAll(vms.open("disk"))).isEqualTo(glanceData);
        assertThat(readAll(images.open("glance", "snap"))).isEqualTo(glanceData);
        assertThat(images.open("glance").read(0, OBJECT)).containsOnly((byte) 0);
    }

    @Test
    void a_snapshot_with_children_cannot_be_unprotected_nor_removed_and_its_image_stays() throws IOException {
        Image parent = glanceImage("glance", glanceData);
        images.clone("glance", "snap", vms, "disk");
        String childId;
        try (Image child = vms.open("disk")) {
            childId = child.stat().id();
        }

        assertThatThrownBy(() -> parent.unprotectSnap("snap")).isInstanceOf(ImageBusy.class)
                .hasMessageContaining("cannot unprotect: at least 1 child(ren) [" + childId + "] in pool 'vms'");
        assertThatThrownBy(() -> parent.removeSnap("snap")).isInstanceOf(ImageBusy.class);
        assertThatThrownBy(() -> images.remove("glance")).isInstanceOf(ImageHasSnapshots.class);
        assertThat(parent.isProtectedSnap("snap")).isTrue();

        vms.remove("disk");

        assertThat(parent.listChildren("snap")).isEmpty();
        parent.unprotectSnap("snap");
        parent.removeSnap("snap");
        parent.close();
        images.remove("glance");
        assertThat(images.list()).isEmpty();
    }

    @Test
    void a_clone_grown_past_its_parent_reads_zeros_there_and_leaves_the_parent_alone() throws IOException {
        glanceImage("glance", glanceData);
        images.clone("glance", "snap", vms, "disk");
        Image clone = vms.open("disk");

        clone.resize(8L * OBJECT);

        byte[] all = readAll(vms.open("disk"));
        assertThat(all).hasSize(8 * OBJECT);
        assertThat(Arrays.copyOf(all, glanceData.length)).isEqualTo(glanceData);
        assertThat(Arrays.copyOfRange(all, glanceData.length, all.length)).containsOnly((byte) 0);
        assertThat(images.open("glance").size()).isEqualTo(glanceData.length);
        assertThat(vms.dataObjects(clone.stat())).isEmpty();
    }

    @Test
    void a_shrunk_clone_no_longer_reads_the_parent_past_the_cut() throws IOException {
        glanceImage("glance", glanceData);
        images.clone("glance", "snap", vms, "disk");
        Image clone = vms.open("disk");

        clone.resize(OBJECT + 1, true);
        clone.resize(3L * OBJECT);

        byte[] all = readAll(vms.open("disk"));
        assertThat(Arrays.copyOf(all, OBJECT + 1)).isEqualTo(Arrays.copyOf(glanceData, OBJECT + 1));
        assertThat(Arrays.copyOfRange(all, OBJECT + 1, all.length)).containsOnly((byte) 0);
        assertThat(vms.open("disk").parentInfo().orElseThrow().overlap()).isEqualTo(OBJECT + 1);
    }

    @Test
    void a_clone_of_a_clone_reads_through_both_and_each_keeps_its_own_writes() throws IOException {
        glanceImage("glance", glanceData);
        images.clone("glance", "snap", vms, "disk");
        Image child = vms.open("disk");
        write(child, 0, new byte[] {1});
        child.createSnap("golden");
        child.protectSnap("golden");
        vms.clone("disk", "golden", images, "grandchild");
        Image grandchild = images.open("grandchild");

        write(child, 1, new byte[] {2});
        write(grandchild, 2L * OBJECT, new byte[] {3});

        byte[] expected = glanceData.clone();
        expected[0] = 1;
        byte[] childSees = expected.clone();
        childSees[1] = 2;
        expected[2 * OBJECT] = 3;
        assertThat(readAll(images.open("grandchild"))).isEqualTo(expected);
        assertThat(readAll(vms.open("disk"))).isEqualTo(childSees);
        assertThat(readAll(images.open("glance"))).isEqualTo(glanceData);
        assertThat(grandchild.parentInfo().orElseThrow().snapSpec()).isEqualTo("vms/disk@golden");
        assertThatThrownBy(() -> vms.remove("disk")).isInstanceOf(ImageHasSnapshots.class);
    }
}

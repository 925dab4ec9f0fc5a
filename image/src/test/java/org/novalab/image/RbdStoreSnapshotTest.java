package org.novalab.image;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.nio.file.Path;
import java.util.Random;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.novalab.storage.Cluster;
import org.novalab.storage.Image;
import org.novalab.storage.Pool;
import org.novalab.storage.SnapInfo;
import org.novalab.storage.directory.DirectoryCluster;

/**
 * The image service keeps images as Glance's rbd store does: a protected snapshot {@code snap} after each upload,
 * what Nova clones; a delete unprotects and removes it, and is refused while clones of it exist.
 */
class RbdStoreSnapshotTest {
    @TempDir
    Path dir;
    Cluster cluster;
    Pool images;
    ImageService service;
    byte[] data;

    @BeforeEach
    void setUp() {
        cluster = DirectoryCluster.open(dir.resolve("pool"));
        images = cluster.createPool("images");
        service = new ImageService(new InMemoryImageRepository(), images);
        data = new byte[(8 << 20) + 4096];
        new Random(5).nextBytes(data);
    }

    private String uploaded() {
        ImageRecord image = service.create(NewImage.named("demo", "raw", "bare"));
        service.upload(image.id(), new ByteArrayInputStream(data));
        return image.id();
    }

    @Test
    void an_upload_leaves_a_protected_snapshot_of_the_whole_image() {
        String id = uploaded();

        try (Image image = images.open(id)) {
            assertThat(image.listSnaps()).extracting(SnapInfo::name, SnapInfo::size, SnapInfo::isProtected)
                    .containsExactly(org.assertj.core.groups.Tuple.tuple("snap", (long) data.length, true));
        }
        assertThat(images.listObjects()).noneMatch(o -> o.startsWith("."));
    }

    @Test
    void a_delete_while_a_clone_exists_is_refused_as_in_use_and_keeps_record_and_data() throws Exception {
        String id = uploaded();
        Pool vms = cluster.createPool("vms");
        images.clone(id, ImageService.SNAPSHOT, vms, "instance_disk");

        assertThatThrownBy(() -> service.delete(id)).isInstanceOf(ImageInUse.class)
                .hasMessageContaining("image " + id + " could not be deleted because it is in use")
                .hasMessageContaining("in pool 'vms'");

        assertThat(service.get(id).status()).isEqualTo(ImageStatus.ACTIVE);
        try (InputStream in = service.download(id)) {
            assertThat(in.readAllBytes()).isEqualTo(data);
        }
        assertThat(images.open(id).isProtectedSnap(ImageService.SNAPSHOT)).isTrue();

        vms.remove("instance_disk");
        service.delete(id);

        assertThatThrownBy(() -> service.get(id)).isInstanceOf(ImageNotFound.class);
        assertThat(images.list()).isEmpty();
        assertThat(images.listObjects()).noneMatch(o -> o.startsWith("rbd_data.") || o.startsWith("rbd_header."));
    }

    @Test
    void the_start_of_a_store_from_before_snapshots_gives_each_active_image_its_protected_snapshot() {
        String id = uploaded();
        try (Image image = images.open(id)) {
            image.unprotectSnap(ImageService.SNAPSHOT);
            image.removeSnap(ImageService.SNAPSHOT);
        }
        String unprotected = uploaded();
        images.open(unprotected).unprotectSnap(ImageService.SNAPSHOT);

        assertThat(service.bootstrapFixture()).isEmpty();

        for (String each : new String[] {id, unprotected}) {
            assertThat(images.open(each).isProtectedSnap(ImageService.SNAPSHOT)).isTrue();
        }
        images.clone(id, ImageService.SNAPSHOT, images, "clone");
        assertThat(images.open("clone").read(0, data.length)).isEqualTo(data);
    }
}

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
import org.novalab.storage.Pool;
import org.novalab.storage.directory.DirectoryCluster;

/** glance-direct in the image service: staged data, its import, and what a kill leaves of either. */
class ImageImportTest {
    @TempDir
    Path dir;
    Pool pool;
    InMemoryImageRepository repository;
    ImageService service;

    @BeforeEach
    void setUp() {
        pool = DirectoryCluster.open(dir.resolve("pool")).createPool("images");
        repository = new InMemoryImageRepository();
        service = new ImageService(repository, pool);
    }

    @Test
    void staged_data_is_imported_into_the_store_and_the_staged_copy_goes() throws Exception {
        ImageRecord queued = service.create(NewImage.named("direct", "raw", "bare"));
        byte[] data = new byte[(8 << 20) + 5];
        new Random(5).nextBytes(data);

        ImageRecord staged = service.stage(queued.id(), new ByteArrayInputStream(data));
        assertThat(staged.status()).isEqualTo(ImageStatus.UPLOADING);
        assertThat(staged.size()).isEqualTo(data.length);
        assertThat(pool.exists(queued.id())).isFalse();

        assertThat(service.startImport(queued.id()).status()).isEqualTo(ImageStatus.IMPORTING);
        ImageRecord active = service.completeImport(queued.id());

        assertThat(active.status()).isEqualTo(ImageStatus.ACTIVE);
        assertThat(active.checksum()).isEqualTo(ImageServiceTest.hex("MD5", data));
        assertThat(pool.exists(ImageService.stagingName(queued.id()))).isFalse();
        try (InputStream in = service.download(queued.id())) {
            assertThat(in.readAllBytes()).isEqualTo(data);
        }
    }

    @Test
    void a_stage_whose_stream_breaks_leaves_the_image_queued_without_staged_data() {
        ImageRecord queued = service.create(NewImage.named("broken", "raw", "bare"));
        InputStream breaking = new InputStream() {
            int sent;

            @Override
            public int read() throws java.io.IOException {
                if (sent++ > 5 << 20) {
                    throw new java.io.IOException("connection reset");
                }
                return 1;
            }
        };
        assertThatThrownBy(() -> service.stage(queued.id(), breaking)).isInstanceOf(ImageUploadFailed.class);
        assertThat(service.get(queued.id()).status()).isEqualTo(ImageStatus.QUEUED);
        assertThat(pool.exists(ImageService.stagingName(queued.id()))).isFalse();
    }

    @Test
    void after_a_kill_whole_staged_data_stays_importable_and_a_cut_stage_is_undone() throws Exception {
        ImageRecord whole = service.create(NewImage.named("whole", "raw", "bare"));
        service.stage(whole.id(), new ByteArrayInputStream(new byte[4096]));
        ImageRecord importing = service.create(NewImage.named("importing", "raw", "bare"));
        service.stage(importing.id(), new ByteArrayInputStream(new byte[4096]));
        service.startImport(importing.id());
        var partial = pool.importImage(importing.id(), Pool.DEFAULT_ORDER); // the kill came mid-import
        partial.write(new byte[100]);
        ImageRecord cut = service.create(NewImage.named("cut", "raw", "bare"));
        repository.save(cut.withStatus(ImageStatus.UPLOADING, cut.updatedAt()));
        pool.importImage(ImageService.stagingName(cut.id()), Pool.DEFAULT_ORDER).write(new byte[100]);

        ImageService restarted = new ImageService(repository, pool);
        assertThat(restarted.recoverInterrupted(true)).extracting(ImageRecord::id)
                .containsExactlyInAnyOrder(importing.id(), cut.id());

        assertThat(restarted.get(whole.id()).status()).isEqualTo(ImageStatus.UPLOADING);
        assertThat(restarted.get(importing.id()).status()).isEqualTo(ImageStatus.UPLOADING);
        assertThat(pool.exists(importing.id())).as("the partial import is gone").isFalse();
        assertThat(restarted.get(cut.id()).status()).isEqualTo(ImageStatus.QUEUED);
        assertThat(pool.exists(ImageService.stagingName(cut.id()))).isFalse();
        restarted.startImport(importing.id());
        assertThat(restarted.completeImport(importing.id()).size()).isEqualTo(4096);
    }

    @Test
    void deleting_an_image_removes_its_staged_data_and_its_members() {
        ImageRecord image = service.create(NewImage.named("gone", "raw", "bare").withOwner("p1"));
        service.stage(image.id(), new ByteArrayInputStream(new byte[512]));
        service.sharing().add(image, "p2");
        assertThat(service.sharing().sharedWith("p2")).containsKey(image.id());

        service.delete(image.id());

        assertThat(pool.exists(ImageService.stagingName(image.id()))).isFalse();
        assertThat(service.sharing().sharedWith("p2")).isEmpty();
    }

    @Test
    void a_member_is_added_once_only_to_shared_images_and_answers_with_a_known_status() {
        ImageRecord shared = service.create(NewImage.named("s", "raw", "bare").withOwner("p1"));
        ImageRecord privateOne = service.create(NewImage.named("p", "raw", "bare").withOwner("p1")
                .withVisibility("private"));
        assertThat(service.sharing().add(shared, "p2").status()).isEqualTo(MemberStatus.PENDING);
        assertThatThrownBy(() -> service.sharing().add(shared, "p2")).isInstanceOf(InvalidImageState.class);
        assertThatThrownBy(() -> service.sharing().add(privateOne, "p2")).isInstanceOf(ImageSharing.NotShared.class);
        assertThatThrownBy(() -> service.sharing().answer(shared, "p2", "maybe"))
                .isInstanceOf(InvalidImageChange.class);
        assertThat(service.sharing().answer(shared, "p2", "accepted").status()).isEqualTo(MemberStatus.ACCEPTED);
        assertThat(service.visibleTo(shared, "p2", false)).isTrue();
        assertThat(service.visibleTo(shared, "p3", false)).isFalse();
    }
}

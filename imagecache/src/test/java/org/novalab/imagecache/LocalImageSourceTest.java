package org.novalab.imagecache;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.novalab.disk.ImageFormat;
import org.novalab.fixture.FixtureGuest;
import org.novalab.image.ImageNotFound;
import org.novalab.image.ImageRecord;
import org.novalab.image.ImageService;
import org.novalab.image.InMemoryImageRepository;
import org.novalab.image.NewImage;
import org.novalab.storage.directory.DirectoryCluster;

/** The embedded lab's path: image service over the pool, cache fetching from it in-process. */
class LocalImageSourceTest {
    @TempDir
    Path instances;

    @Test
    void the_fixture_guest_goes_from_the_pool_into_base_verified() throws Exception {
        ImageService service = new ImageService(new InMemoryImageRepository(),
                DirectoryCluster.open(instances.resolve("pool")).createPool("images"));
        ImageRecord cirros = service.bootstrapFixture().orElseThrow();
        ImageCache cache = new ImageCache(CacheConfig.defaults(instances), new LocalImageSource(service), null);

        BaseImage base = cache.fetchToBase(cirros.id());

        assertThat(base.fetched()).isTrue();
        assertThat(base.format()).isEqualTo(ImageFormat.RAW);
        assertThat(base.virtualSize()).isEqualTo(FixtureGuest.SIZE);
        assertThat(base.path().getFileName().toString()).isEqualTo(ImageCache.baseName(ImageService.FIXTURE_ID));
        ByteArrayOutputStream expected = new ByteArrayOutputStream();
        FixtureGuest.writeTo(expected);
        assertThat(Files.readAllBytes(base.path())).isEqualTo(expected.toByteArray());
        assertThat(cache.fetchToBase(cirros.id()).fetched()).isFalse();
    }

    @Test
    void unknown_and_queued_images_fail_clearly() {
        ImageService service = new ImageService(new InMemoryImageRepository(),
                DirectoryCluster.open(instances.resolve("pool")).createPool("images"));
        ImageCache cache = new ImageCache(CacheConfig.defaults(instances), new LocalImageSource(service), null);
        ImageRecord queued = service.create(NewImage.named("empty", "raw", "bare"));

        assertThatThrownBy(() -> cache.fetchToBase("00000000-0000-4000-8000-000000000000"))
                .isInstanceOf(ImageNotFound.class);
        assertThatThrownBy(() -> cache.fetchToBase(queued.id())).isInstanceOf(ImageFetchFailed.class)
                .hasMessageContaining("queued");
    }
}

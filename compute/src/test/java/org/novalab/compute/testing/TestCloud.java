package org.novalab.compute.testing;

import java.io.ByteArrayInputStream;
import java.nio.file.Path;
import java.util.Optional;
import org.novalab.compute.backend.PoolRbdVolumes;
import org.novalab.compute.backend.RbdVolumes;
import org.novalab.disk.Disks;
import org.novalab.image.ImageService;
import org.novalab.image.InMemoryImageRepository;
import org.novalab.image.NewImage;
import org.novalab.imagecache.BaseImages;
import org.novalab.imagecache.CacheConfig;
import org.novalab.imagecache.FetchVerification;
import org.novalab.imagecache.ImageCache;
import org.novalab.imagecache.LocalImageSource;
import org.novalab.storage.Cluster;
import org.novalab.storage.Pool;
import org.novalab.storage.directory.DirectoryCluster;

/**
 * The real upstream pieces the driver's tests run on: a Glance image service over an RBD-layout pool
 * ({@code images}) holding the fixture guest, a blank (unbootable) disk and a bootable disk that is not the fixture, the real image cache populating
 * {@code _base}, and a {@code vms} pool for the Rbd backend's clones.
 */
public final class TestCloud {
    public static final String FIXTURE = ImageService.FIXTURE_ID;
    public static final String BLANK = "0c1b7d1e-2b1a-4f7e-9d7c-5a0b1a2b3c4d";
    /** A bootable disk (55 AA) whose program is not the fixture's: {@code jmp $}. */
    public static final String OTHER_BOOTABLE = "5f0e3c2a-7d4b-4e1a-8c9f-0a1b2c3d4e5f";
    private final ImageService glance;
    private final Pool vms;

    private TestCloud(ImageService glance, Pool vms) {
        this.glance = glance;
        this.vms = vms;
    }

    /** Pools under {@code dir/pool} (as under a state dir); the fixture and the blank image uploaded. */
    public static TestCloud create(Path dir) {
        Cluster cluster = DirectoryCluster.open(dir.resolve("pool"));
        Pool images = cluster.createPool("images");
        ImageService glance = new ImageService(new InMemoryImageRepository(), images);
        glance.bootstrapFixture();
        glance.create(NewImage.named("blank", "raw", "bare").withId(BLANK));
        glance.upload(BLANK, new ByteArrayInputStream(new byte[8 << 20]));
        byte[] other = new byte[1 << 20];
        other[0] = (byte) 0xEB;
        other[1] = (byte) 0xFE;
        other[510] = 0x55;
        other[511] = (byte) 0xAA;
        glance.create(NewImage.named("other-bootable", "raw", "bare").withId(OTHER_BOOTABLE));
        glance.upload(OTHER_BOOTABLE, new ByteArrayInputStream(other));
        return new TestCloud(glance, cluster.createPool("vms"));
    }

    public ImageService glance() {
        return glance;
    }

    /** A fresh image cache for an instances dir (its own {@code _base}). */
    public BaseImages imagesFor(Path instancesDir) {
        return cache(instancesDir);
    }

    public ImageCache cache(Path instancesDir) {
        return cache(instancesDir, FetchVerification.STRONGEST);
    }

    public ImageCache cache(Path instancesDir, FetchVerification verification) {
        return new ImageCache(CacheConfig.defaults(instancesDir), new LocalImageSource(glance), Disks.java(),
                verification);
    }

    public Optional<RbdVolumes> rbd() {
        return Optional.of(new PoolRbdVolumes(glance.pool(), vms));
    }

    public static Path basePath(Path instancesDir, String imageId) {
        return instancesDir.resolve("_base").resolve(ImageCache.baseName(imageId));
    }
}

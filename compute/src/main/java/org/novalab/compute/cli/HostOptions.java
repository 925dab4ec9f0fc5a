package org.novalab.compute.cli;

import com.beust.jcommander.Parameter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import org.novalab.cli.HelpOption;
import org.novalab.compute.ComputeConfig;
import org.novalab.compute.ComputeHost;
import org.novalab.compute.backend.PoolRbdVolumes;
import org.novalab.compute.backend.RbdVolumes;
import org.novalab.compute.boot.ChainGuestDisks;
import org.novalab.disk.Disks;
import org.novalab.image.ImageService;
import org.novalab.image.InMemoryImageRepository;
import org.novalab.imagecache.CacheConfig;
import org.novalab.imagecache.ImageCache;
import org.novalab.imagecache.LocalImageSource;
import org.novalab.storage.Cluster;
import org.novalab.storage.Pool;
import org.novalab.storage.directory.DirectoryCluster;

/**
 * Where the compute host keeps its state and which hypervisor it talks to. The image service is this process's
 * own: an in-memory Glance over temporary pools holding the fixture guest ({@value ImageService#FIXTURE_NAME},
 * id {@value ImageService#FIXTURE_ID}); {@code _base} under --instances survives between runs.
 */
abstract class HostOptions extends HelpOption {
    @Parameter(names = "--instances", description = "Nova's instances_path: _base/, <uuid>/ dirs, master key, passphrase table")
    Path instances = Path.of("instances");

    @Parameter(names = "--uri", description = "libvirt URI; test:///default runs the emulated boot in this process")
    String uri = ComputeConfig.DEFAULT_URI;

    private Path pools;

    ComputeHost openHost() throws Exception {
        Files.createDirectories(instances);
        pools = Files.createTempDirectory("novalab-pools-");
        Cluster cluster = DirectoryCluster.open(pools);
        Pool images = cluster.createPool("images");
        ImageService glance = new ImageService(new InMemoryImageRepository(), images);
        glance.bootstrapFixture();
        Optional<RbdVolumes> rbd = Optional.of(new PoolRbdVolumes(images, cluster.createPool("vms")));
        ImageCache cache = new ImageCache(CacheConfig.defaults(instances), new LocalImageSource(glance), Disks.java());
        return ComputeHost.open(new ComputeConfig(instances, uri, null, false), cache,
                Disks.java(), new ChainGuestDisks(rbd), rbd);
    }

    void removePools() throws Exception {
        if (pools != null) {
            org.novalab.io.FileTrees.delete(pools);
        }
    }
}

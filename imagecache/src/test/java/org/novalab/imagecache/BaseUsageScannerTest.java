package org.novalab.imagecache;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.novalab.disk.CreateOptions;
import org.novalab.disk.DiskTool;
import org.novalab.disk.Disks;
import org.novalab.disk.ImageFormat;

/** Which bases instance disks use, read from their qcow2 headers with the disk library. */
class BaseUsageScannerTest {
    @TempDir
    Path instances;
    final DiskTool disks = Disks.java();

    private Path base(String name) throws Exception {
        Path base = Files.createDirectories(instances.resolve("_base")).resolve(name);
        disks.create(base, new CreateOptions(ImageFormat.RAW, 1 << 20, null, null, 65536, null));
        Files.setLastModifiedTime(base, FileTime.from(Instant.now().minus(Duration.ofDays(2))));
        return base;
    }

    private void instanceDisk(String uuid, String name, String backing) throws Exception {
        Path dir = Files.createDirectories(instances.resolve(uuid));
        disks.create(dir.resolve(name), CreateOptions.qcow2(1 << 20).withBacking(backing, ImageFormat.RAW));
        Files.writeString(dir.resolve("disk.info"), "{\"" + dir.resolve(name) + "\": \"qcow2\"}");
    }

    @Test
    void bases_named_by_instance_disks_are_in_use_absolute_or_relative() throws Exception {
        Path a = base("aaaa");
        Path b = base("bbbb");
        base("cccc");
        instanceDisk("11111111-0000-4000-8000-000000000001", "disk", a.toString());
        instanceDisk("11111111-0000-4000-8000-000000000002", "disk.eph0", "../_base/bbbb");

        assertThat(new BaseUsageScanner(disks).basesInUse(instances)).containsExactlyInAnyOrder(
                a.toAbsolutePath().normalize(), b.toAbsolutePath().normalize());
    }

    @Test
    void the_cache_manager_keeps_what_the_scanner_finds_and_removes_the_rest() throws Exception {
        Path used = base("aaaa");
        Path unused = base("bbbb");
        instanceDisk("11111111-0000-4000-8000-000000000001", "disk", used.toString());

        Set<Path> inUse = new BaseUsageScanner(disks).basesInUse(instances);
        AgingReport report = new ImageCacheManager(CacheConfig.defaults(instances)).clean(inUse, Instant.now());

        assertThat(report.inUse()).containsExactly(used);
        assertThat(report.removed()).containsExactly(unused);
        assertThat(used).exists();
        assertThat(unused).doesNotExist();
    }
}

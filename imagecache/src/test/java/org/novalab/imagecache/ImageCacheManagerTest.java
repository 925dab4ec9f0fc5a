package org.novalab.imagecache;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ImageCacheManagerTest {
    static final Instant NOW = Instant.parse("2026-11-26T12:00:00Z");
    @TempDir
    Path instances;
    CacheConfig config;
    ImageCacheManager manager;

    @BeforeEach
    void setUp() throws Exception {
        config = CacheConfig.defaults(instances);
        Files.createDirectories(config.baseDir());
        manager = new ImageCacheManager(config);
    }

    private Path base(String name, Duration unusedFor) throws Exception {
        Path file = Files.write(config.baseDir().resolve(name), new byte[] {1});
        Files.setLastModifiedTime(file, FileTime.from(NOW.minus(unusedFor)));
        return file;
    }

    @Test
    void unused_bases_older_than_the_minimum_age_go_young_and_used_ones_stay() throws Exception {
        Path old = base("aaaa", Duration.ofHours(25));
        Path exactlyOld = base("bbbb", Duration.ofSeconds(86400));
        Path young = base("cccc", Duration.ofHours(23));
        Path usedAndOld = base("dddd", Duration.ofDays(30));

        AgingReport report = manager.clean(Set.of(usedAndOld), NOW);

        assertThat(report.removed()).containsExactlyInAnyOrder(old, exactlyOld);
        assertThat(report.kept()).containsExactly(young);
        assertThat(report.inUse()).containsExactly(usedAndOld);
        assertThat(old).doesNotExist();
        assertThat(exactlyOld).doesNotExist();
        assertThat(young).exists();
        assertThat(usedAndOld).exists();
        assertThat(report.summary()).isEqualTo("removed 2, kept 1, in use 1");
    }

    @Test
    void each_aged_out_base_is_one_eviction_and_leftovers_or_kept_files_are_none() throws Exception {
        CacheMetrics metrics = new CacheMetrics();
        ImageCacheManager counted = new ImageCacheManager(config, metrics);
        base("aaaa", Duration.ofDays(2));
        base("bbbb", Duration.ofDays(3));
        base("cccc", Duration.ofHours(1));
        Path used = base("dddd", Duration.ofDays(9));
        base("eeee.part", Duration.ofDays(2));

        counted.clean(Set.of(used), NOW);
        assertThat(metrics.evictions()).isEqualTo(2);
        counted.clean(Set.of(used), NOW);
        assertThat(metrics.evictions()).as("nothing more was old enough").isEqualTo(2);
    }

    @Test
    void in_use_paths_match_however_they_are_spelled() throws Exception {
        Path used = base("eeee", Duration.ofDays(3));
        Path spelledOddly = instances.resolve("x/../_base/./eeee");

        assertThat(manager.clean(Set.of(spelledOddly), NOW).inUse()).containsExactly(used);
        assertThat(used).exists();
    }

    @Test
    void a_base_whose_lock_is_held_by_a_fetch_is_kept() throws Exception {
        Path busy = base("ffff", Duration.ofDays(3));
        try (ImageLocks.Held ignored = new ImageLocks(config.lockDir()).acquire("ffff")) {
            java.util.concurrent.FutureTask<AgingReport> pass =
                    new java.util.concurrent.FutureTask<>(() -> manager.clean(Set.of(), NOW));
            new Thread(pass).start();
            assertThat(pass.get().kept()).containsExactly(busy);
        }
        assertThat(busy).exists();
    }

    @Test
    void leftover_part_and_converted_files_of_a_killed_fetch_are_removed_whatever_their_age() throws Exception {
        Path oldPart = base("abcd.part", Duration.ofDays(2));
        Path freshPart = base("abce.part", Duration.ofSeconds(1));
        Path converted = base("abcf.converted", Duration.ofSeconds(1));
        assertThat(manager.reclaimLeftovers()).containsExactlyInAnyOrder(oldPart, freshPart, converted);
        assertThat(config.baseDir().toFile().list()).isEmpty();
    }

    @Test
    void the_part_file_of_a_fetch_in_progress_stays() throws Exception {
        Path part = base("abcd.part", Duration.ofDays(2));
        try (ImageLocks.Held ignored = new ImageLocks(config.lockDir()).acquire("abcd")) {
            java.util.concurrent.FutureTask<java.util.List<Path>> pass =
                    new java.util.concurrent.FutureTask<>(manager::reclaimLeftovers);
            new Thread(pass).start();
            assertThat(pass.get()).isEmpty();
        }
        assertThat(part).exists();
    }

    @Test
    void a_removed_base_takes_its_info_along_and_an_info_without_a_base_goes_on_its_own() throws Exception {
        Path old = base("aaaa", Duration.ofDays(2));
        Path oldInfo = base("aaaa.info", Duration.ofDays(2));
        Path young = base("bbbb", Duration.ofHours(1));
        Path youngInfo = base("bbbb.info", Duration.ofDays(2));
        Path orphanInfo = base("cccc.info", Duration.ofSeconds(1));

        AgingReport report = manager.clean(Set.of(), NOW);

        assertThat(report.removed()).containsExactlyInAnyOrder(old, orphanInfo);
        assertThat(report.kept()).as("an info is never a base of its own").containsExactly(young);
        assertThat(old).doesNotExist();
        assertThat(oldInfo).doesNotExist();
        assertThat(orphanInfo).doesNotExist();
        assertThat(youngInfo).exists();
    }

    @Test
    void the_temporary_files_of_a_dead_process_are_reclaimed_and_a_live_ones_stay() throws Exception {
        Process gone = new ProcessBuilder("true").start();
        gone.waitFor();
        Path dead = Files.write(config.baseDir().resolve(".abcd.converted.tmp-" + gone.pid() + "-9f"), new byte[1]);
        Path live = Files.write(config.baseDir().resolve(".abce.converted.tmp-" + ProcessHandle.current().pid()
                + "-9f"), new byte[1]);
        assertThat(manager.reclaimLeftovers()).containsExactly(dead);
        assertThat(live).exists();
    }

    @Test
    void a_missing_base_dir_is_an_empty_report() {
        ImageCacheManager empty = new ImageCacheManager(CacheConfig.defaults(instances.resolve("nowhere")));
        assertThat(empty.clean(Set.of(), NOW).summary()).isEqualTo("removed 0, kept 0, in use 0");
    }

    @Test
    void the_periodic_task_runs_passes_and_keeps_the_last_report() throws Exception {
        Path old = base("9999", Duration.ofDays(2));
        ImageCacheAgingTask task = new ImageCacheAgingTask(manager, Set::of,
                java.time.Clock.fixed(NOW, java.time.ZoneOffset.UTC));
        ScheduledExecutorService executor = Executors.newSingleThreadScheduledExecutor();
        try {
            task.schedule(executor, Duration.ofMillis(20));
            long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
            while (task.lastReport().isEmpty() && System.nanoTime() < deadline) {
                Thread.sleep(10);
            }
        } finally {
            executor.shutdownNow();
        }
        assertThat(task.lastReport()).isPresent();
        assertThat(old).doesNotExist();
    }
}

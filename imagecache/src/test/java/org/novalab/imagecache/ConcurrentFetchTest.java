package org.novalab.imagecache;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.novalab.imagecache.testing.CountingSource;
import org.novalab.imagecache.testing.TestImages;

class ConcurrentFetchTest {
    static final String ID = "0f1e2d3c-0000-4000-8000-000000000050";

    @TempDir
    Path instances;

    @Test
    void fifty_concurrent_callers_for_one_uncached_image_cause_exactly_one_download() throws Exception {
        byte[] data = TestImages.randomBytes(2 * 1024 * 1024, 50);
        CountingSource source = new CountingSource(20).add(TestImages.activeRecord(ID, "raw", data), data);
        ImageCache cache = new ImageCache(CacheConfig.defaults(instances), source, null);
        ExecutorService pool = Executors.newFixedThreadPool(50);
        CountDownLatch start = new CountDownLatch(1);
        List<Future<BaseImage>> results = new ArrayList<>();
        try {
            for (int i = 0; i < 50; i++) {
                results.add(pool.submit(() -> {
                    start.await();
                    return cache.fetchToBase(ID);
                }));
            }
            start.countDown();
            List<BaseImage> images = new ArrayList<>();
            for (Future<BaseImage> f : results) {
                images.add(f.get(60, TimeUnit.SECONDS));
            }

            assertThat(source.opens()).isEqualTo(1);
            assertThat(images).filteredOn(BaseImage::fetched).hasSize(1);
            assertThat(images).extracting(BaseImage::path).containsOnly(cache.basePath(ID));
            assertThat(Files.readAllBytes(cache.basePath(ID))).isEqualTo(data);
            assertThat(cache.metrics().misses()).isEqualTo(1);
            assertThat(cache.metrics().hits()).isEqualTo(49);
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void two_caches_over_one_instances_dir_in_one_process_still_download_once() throws Exception {
        byte[] data = TestImages.randomBytes(1024 * 1024, 51);
        CountingSource source = new CountingSource(20).add(TestImages.activeRecord(ID, "raw", data), data);
        ImageCache a = new ImageCache(CacheConfig.defaults(instances), source, null);
        ImageCache b = new ImageCache(CacheConfig.defaults(instances), source, null);
        ExecutorService pool = Executors.newFixedThreadPool(2);
        try {
            Future<BaseImage> fa = pool.submit(() -> a.fetchToBase(ID));
            Future<BaseImage> fb = pool.submit(() -> b.fetchToBase(ID));
            assertThat(List.of(fa.get(), fb.get())).filteredOn(BaseImage::fetched).hasSize(1);
            assertThat(source.opens()).isEqualTo(1);
        } finally {
            pool.shutdownNow();
        }
    }
}

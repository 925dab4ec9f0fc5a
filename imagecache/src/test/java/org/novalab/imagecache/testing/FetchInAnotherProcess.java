package org.novalab.imagecache.testing;

import java.nio.file.Path;
import org.novalab.imagecache.BaseImage;
import org.novalab.imagecache.CacheConfig;
import org.novalab.imagecache.ImageCache;

/** The second JVM of the two-process lock test: fetches one image into a shared instances dir. */
public final class FetchInAnotherProcess {
    private FetchInAnotherProcess() {
    }

    /** args: instancesDir sourceDir imageId; serves 128 KiB per 60 ms so that two processes overlap. */
    public static void main(String[] args) throws Exception {
        // Both processes start fetching together: each says "ready", then waits for the parent's go file.
        System.out.println("ready");
        System.out.flush();
        java.nio.file.Path go = Path.of(args[1]).resolve("go");
        while (!java.nio.file.Files.exists(go)) {
            Thread.sleep(5);
        }
        ImageCache cache = new ImageCache(CacheConfig.defaults(Path.of(args[0])),
                new DirectoryImageSource(Path.of(args[1]), 60), null);
        BaseImage image = cache.fetchToBase(args[2]);
        System.out.println("fetched=" + image.fetched() + " path=" + image.path());
    }
}

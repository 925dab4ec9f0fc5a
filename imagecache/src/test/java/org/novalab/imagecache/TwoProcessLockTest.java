package org.novalab.imagecache;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.novalab.imagecache.testing.DirectoryImageSource;
import org.novalab.imagecache.testing.FetchInAnotherProcess;
import org.novalab.imagecache.testing.TestImages;

/** Two JVMs sharing one instances/ dir: Nova's external lock makes exactly one of them download. */
class TwoProcessLockTest {
    static final String ID = "2a2a2a2a-0000-4000-8000-000000000002";

    @TempDir
    Path tmp;

    private Process spawn(Path instances, Path source) throws IOException {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        return new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"),
                FetchInAnotherProcess.class.getName(), instances.toString(), source.toString(), ID)
                .redirectErrorStream(true).start();
    }

    @Test
    void two_processes_fetching_one_image_download_it_once() throws Exception {
        Path instances = Files.createDirectories(tmp.resolve("instances"));
        Path source = Files.createDirectories(tmp.resolve("glance"));
        byte[] data = TestImages.randomBytes(4 * 1024 * 1024, 2);
        DirectoryImageSource.publish(source, TestImages.activeRecord(ID, "raw", data), data);

        List<Process> processes = List.of(spawn(instances, source), spawn(instances, source));
        List<java.io.BufferedReader> readers = new ArrayList<>();
        for (Process p : processes) {
            java.io.BufferedReader reader = new java.io.BufferedReader(
                    new java.io.InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
            assertThat(reader.readLine()).isEqualTo("ready");
            readers.add(reader);
        }
        Files.createFile(source.resolve("go"));
        List<String> outputs = new ArrayList<>();
        for (int i = 0; i < processes.size(); i++) {
            Process p = processes.get(i);
            assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
            String out = readers.get(i).lines().collect(java.util.stream.Collectors.joining("\n"));
            assertThat(p.exitValue()).as(out).isZero();
            outputs.add(out);
        }

        assertThat(DirectoryImageSource.opens(source)).as("downloads across both processes").isEqualTo(1);
        assertThat(outputs).filteredOn(o -> o.contains("fetched=true")).hasSize(1);
        assertThat(outputs).filteredOn(o -> o.contains("fetched=false")).hasSize(1);
        assertThat(Files.readAllBytes(instances.resolve("_base").resolve(ImageCache.baseName(ID)))).isEqualTo(data);
        assertThat(instances.resolve("locks").resolve("nova-" + ImageCache.baseName(ID))).exists();
    }
}

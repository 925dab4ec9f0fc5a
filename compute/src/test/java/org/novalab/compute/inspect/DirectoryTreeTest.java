package org.novalab.compute.inspect;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DirectoryTreeTest {
    @TempDir
    Path instances;

    @Test
    void renders_an_instances_dir_like_the_seeds_tree() throws Exception {
        Path vm = Files.createDirectories(instances.resolve("f5f898c0-6206-4071-aa9f-3beb905f48e3"));
        for (String f : new String[] {"console.log", "disk", "disk.info", "libvirt.xml", "secret.xml"}) {
            Files.writeString(vm.resolve(f), "");
        }
        Files.writeString(Files.createDirectories(instances.resolve("_base"))
                .resolve("6a6f72f6c315b082cba3e32e0ece4a5e933a868a"), "");
        Path locks = Files.createDirectories(instances.resolve("locks"));
        Files.writeString(locks.resolve("nova-6a6f72f6c315b082cba3e32e0ece4a5e933a868a"), "");
        Files.writeString(locks.resolve(".nova-x.part"), "");

        assertThat(DirectoryTree.render(instances)).isEqualTo("""
                .
                ├── _base
                │   └── 6a6f72f6c315b082cba3e32e0ece4a5e933a868a
                ├── f5f898c0-6206-4071-aa9f-3beb905f48e3
                │   ├── console.log
                │   ├── disk
                │   ├── disk.info
                │   ├── libvirt.xml
                │   └── secret.xml
                └── locks
                    └── nova-6a6f72f6c315b082cba3e32e0ece4a5e933a868a

                3 directories, 7 files
                """);
    }
}

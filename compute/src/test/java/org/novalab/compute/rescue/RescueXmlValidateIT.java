package org.novalab.compute.rescue;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.novalab.compute.ComputeHost;
import org.novalab.compute.SpawnRequest;
import org.novalab.compute.SpawnResult;
import org.novalab.compute.testing.TestCloud;
import org.novalab.compute.testing.TestHosts;
import org.novalab.testing.RealTools;

/** libvirt's own schema (virt-xml-validate) takes the rescue domain: two disks, the second with its encryption. */
@Tag("integration")
class RescueXmlValidateIT {
    @TempDir
    Path instances;

    @Test
    void virtXmlValidateAcceptsTheRescueDomainWithTheEncryptedRootDiskSecond() throws Exception {
        Path tool = RealTools.require("virt-xml-validate", "libvirt-clients");
        TestCloud cloud = TestCloud.create(instances.resolve("cloud"));
        try (ComputeHost host = TestHosts.open(instances.resolve("host"), cloud)) {
            SpawnRequest req = RescueTest.luks();
            SpawnResult spawned = host.driver().spawn(req);
            host.driver().rescue(RescueTest.rescueOf(req, req.imageId()));

            Path xml = spawned.instanceDir().resolve("libvirt.xml");
            Process p = new ProcessBuilder(tool.toString(), xml.toString(), "domain").redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertThat(p.waitFor()).as(out).isZero();
            assertThat(out).contains("validates");
            assertThat(xml).content(StandardCharsets.UTF_8).contains("disk.rescue").contains("<encryption");
        }
    }
}

package org.novalab.compute.domain;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.UUID;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.novalab.compute.secret.SecretDefinition;
import org.novalab.compute.secret.SecretXml;
import org.novalab.testing.RealTools;

/** libvirt's own RNG schemas (virt-xml-validate) accept the domain and secret XML novalab writes. */
@Tag("integration")
class LibvirtXmlValidateIT {
    @TempDir
    Path tmp;

    @Test
    void virtXmlValidateAcceptsTheDomainWithEncryptionAndSerialConsole() throws Exception {
        assertThat(validate("domain", DomainXml.write(DomainXmlTest.luksDomain()))).contains("validates");
    }

    @Test
    void virtXmlValidateAcceptsTheRbdNetworkDiskWithMonitorsCephxAuthAndLuks() throws Exception {
        assertThat(validate("domain", DomainXml.write(DomainXmlTest.cephLuksDomain()))).contains("validates");
    }

    @Test
    void virtXmlValidateAcceptsTheCephSecret() throws Exception {
        String xml = SecretXml.write(SecretDefinition.forCeph(UUID.randomUUID(), "nova"));
        assertThat(validate("secret", xml)).contains("validates");
    }

    @Test
    void virtXmlValidateAcceptsTheVolumeSecret() throws Exception {
        String xml = SecretXml.write(new SecretDefinition(UUID.randomUUID(), false, true, "/var/lib/nova/instances/x/disk",
                Optional.of("novalab instance x root disk")));
        assertThat(validate("secret", xml)).contains("validates");
    }

    private String validate(String schema, String xml) throws Exception {
        Path tool = RealTools.require("virt-xml-validate", "libvirt-clients");
        Path file = tmp.resolve(schema + ".xml");
        Files.writeString(file, xml);
        Process p = new ProcessBuilder(tool.toString(), file.toString(), schema).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor()).as(out + "\n" + xml).isZero();
        return out;
    }
}

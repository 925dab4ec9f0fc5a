package org.novalab.compute.domain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class DomainXmlTest {
    static final UUID VM = UUID.fromString("0d5b5a2c-1f6e-4c8e-9a57-3f3d2c1b0a99");
    static final UUID SECRET = UUID.fromString("11111111-2222-3333-4444-555555555555");

    static DomainDefinition luksDomain() {
        return new DomainDefinition("qemu", "instance-0000002a", VM, 65536, 1,
                List.of(DiskDefinition.rootDisk(new DiskSource.File(Path.of("/var/lib/nova/instances/x/disk")), "qcow2",
                        Optional.of(new DiskEncryption("luks", SECRET)))),
                Optional.of(Path.of("/var/lib/nova/instances/x/console.log")));
    }

    @Test
    void writesTheDomainLibvirtNeedsAndReadsItBack() {
        String xml = DomainXml.write(luksDomain());

        assertThat(xml).startsWith("<domain type=\"qemu\">")
                .contains("<name>instance-0000002a</name>", "<uuid>" + VM + "</uuid>",
                        "<memory unit=\"KiB\">65536</memory>", "<vcpu>1</vcpu>",
                        "<type arch=\"x86_64\" machine=\"pc\">hvm</type>", "<boot dev=\"hd\"/>",
                        "<driver name=\"qemu\" type=\"qcow2\"/>",
                        "<source file=\"/var/lib/nova/instances/x/disk\"/>", "<target bus=\"virtio\" dev=\"vda\"/>",
                        "<encryption format=\"luks\">", "<secret type=\"passphrase\" uuid=\"" + SECRET + "\"/>",
                        "<serial type=\"file\">", "path=\"/var/lib/nova/instances/x/console.log\"",
                        "<controller model=\"none\" type=\"usb\"/>", "<memballoon model=\"none\"/>");
        assertThat(DomainXml.parse(xml)).isEqualTo(luksDomain());
    }

    @Test
    void readsTheSeedsStyleOfXmlWithMemoryInMiBAndSingleQuotes() {
        String seed = "<domain type='qemu'><name>seed-luks</name><uuid>" + VM + "</uuid>"
                + "<memory unit='MiB'>32</memory><vcpu>1</vcpu><devices>"
                + "<disk type='file' device='disk'><driver name='qemu' type='qcow2'/><source file='/vm/luks.qcow2'/>"
                + "<target dev='vda' bus='virtio'/><encryption format='qcow'><secret type='passphrase' uuid='" + SECRET
                + "'/></encryption></disk><disk type='file' device='cdrom'><source file='/x.iso'/><target dev='hdc'/></disk>"
                + "</devices></domain>";
        DomainDefinition d = DomainXml.parse(seed);
        assertThat(d.memoryKib()).isEqualTo(32 * 1024);
        assertThat(d.disks()).singleElement().satisfies(disk -> {
            assertThat(disk.encryption()).contains(new DiskEncryption("qcow", SECRET));
            assertThat(disk.source()).isEqualTo(new DiskSource.File(Path.of("/vm/luks.qcow2")));
        });
        assertThat(d.consoleLog()).isEmpty();
    }

    @Test
    void anRbdDiskIsANetworkDiskNamedPoolSlashImage() {
        DomainDefinition d = new DomainDefinition("qemu", "instance-00000001", VM, 1024, 1,
                List.of(DiskDefinition.rootDisk(new DiskSource.Rbd("vms", VM + "_disk"), "raw", Optional.empty())),
                Optional.empty());
        String xml = DomainXml.write(d);
        assertThat(xml).contains("<disk device=\"disk\" type=\"network\">",
                "<source name=\"vms/" + VM + "_disk\" protocol=\"rbd\"/>");
        assertThat(DomainXml.parse(xml)).isEqualTo(d);
    }

    static final UUID CEPH_SECRET = UUID.fromString("457eb676-33da-42ec-9a8c-9293d545c337");

    /** The Rbd backend's LUKS root disk on a real cluster: monitors, cephx auth and the LUKS passphrase's secret. */
    static DomainDefinition cephLuksDomain() {
        DiskSource.Rbd source = new DiskSource.Rbd("vms", VM + "_disk",
                List.of(new DiskSource.MonHost("127.0.0.1", Optional.of(40002)),
                        new DiskSource.MonHost("mon2.example", Optional.empty())),
                Optional.of(new DiskSource.CephAuth("nova", CEPH_SECRET)));
        return new DomainDefinition("qemu", "instance-00000001", VM, 1024, 1,
                List.of(DiskDefinition.rootDisk(source, "raw", Optional.of(new DiskEncryption("luks", SECRET)))),
                Optional.empty());
    }

    @Test
    void anRbdDiskOnACephClusterNamesItsMonitorsAndCephxAuthAndCarriesLuks() {
        String xml = DomainXml.write(cephLuksDomain());
        assertThat(xml.replaceAll(">\\s+<", "><")).contains("<disk device=\"disk\" type=\"network\"><driver name=\"qemu\" type=\"raw\"/>"
                        + "<source name=\"vms/" + VM + "_disk\" protocol=\"rbd\"><host name=\"127.0.0.1\" port=\"40002\"/>"
                        + "<host name=\"mon2.example\"/></source>"
                        + "<auth username=\"nova\"><secret type=\"ceph\" uuid=\"" + CEPH_SECRET + "\"/></auth>",
                "<encryption format=\"luks\"><secret type=\"passphrase\" uuid=\"" + SECRET + "\"/></encryption>");
        assertThat(DomainXml.parse(xml)).isEqualTo(cephLuksDomain());
        assertThatThrownBy(() -> DomainXml.parse(xml.replace("type=\"ceph\"", "type=\"iscsi\"")))
                .isInstanceOf(InvalidXml.class).hasMessageContaining("must be of type ceph");
        assertThatThrownBy(() -> DomainXml.parse(xml.replace("40002", "70000")))
                .isInstanceOf(InvalidXml.class).hasMessageContaining("port must be 1 to 65535");
    }

    @Test
    void refusesWhatLibvirtRefuses() {
        assertThatThrownBy(() -> new DiskEncryption("bogus", SECRET))
                .hasMessage("unsupported configuration: unknown volume encryption format type bogus");
        String bad = DomainXml.write(luksDomain()).replace(SECRET.toString(), "not-a-uuid");
        assertThatThrownBy(() -> DomainXml.parse(bad)).isInstanceOf(InvalidXml.class)
                .hasMessage("XML error: invalid secret uuid 'not-a-uuid'");
        assertThatThrownBy(() -> DomainXml.parse("<secret/>")).isInstanceOf(InvalidXml.class)
                .hasMessageContaining("expected <domain>");
        assertThatThrownBy(() -> DomainXml.parse("<!DOCTYPE d [<!ENTITY x SYSTEM 'file:///etc/passwd'>]><domain>&x;</domain>"))
                .isInstanceOf(InvalidXml.class);
    }
}

package org.novalab.lab.web;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import org.novalab.api.testing.Api;
import org.novalab.api.testing.LabServer;
import org.novalab.image.ImageService;
import org.novalab.imagecache.ImageCache;

/**
 * The classroom's list and flows for the five kinds of instance (plain, LUKS, legacy AES, boot from volume, ERROR),
 * computed on the server from the host's real evidence.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ClassroomFlowTest {
    @TempDir
    static Path state;
    LabServer lab;
    Api admin;
    FiveInstances vms;

    @BeforeAll
    void start() throws Exception {
        lab = new LabServer(state);
        admin = lab.admin();
        vms = FiveInstances.boot(lab);
    }

    @AfterAll
    void stop() {
        lab.close();
    }

    private JsonObject describe(String uuid) {
        Api.Response r = admin.get("/novalab/v1/classroom/instances/" + uuid);
        assertThat(r.status()).as(r.body()).isEqualTo(200);
        return r.json();
    }

    /** step name -> what it says, in order. */
    private static Map<String, String> flow(JsonObject d) {
        return d.getJsonArray("flow").stream().map(JsonObject.class::cast).collect(Collectors.toMap(
                s -> s.getString("step"), s -> s.getString("state") + " | " + s.getString("what"), (a, b) -> a,
                java.util.LinkedHashMap::new));
    }

    @Test
    void lists_every_server_by_name_with_its_status_host_and_fault() {
        JsonArray list = admin.get("/novalab/v1/classroom/instances").json().getJsonArray("instances");
        Map<String, JsonObject> byName = list.stream().map(JsonObject.class::cast)
                .collect(Collectors.toMap(o -> o.getString("name"), o -> o));
        assertThat(byName).containsOnlyKeys("vm-plain", "vm-luks", "vm-aes", "vm-bfv", "vm-error");
        assertThat(byName.get("vm-plain").getString("uuid")).isEqualTo(vms.plain());
        assertThat(byName.get("vm-plain").getString("status")).isEqualTo("ACTIVE");
        assertThat(byName.get("vm-plain").getString("host")).isEqualTo("novalab-host");
        assertThat(byName.get("vm-plain").getString("domain")).startsWith("instance-");
        assertThat(byName.get("vm-plain").getString("domainState")).isEqualTo("running");
        assertThat(byName.get("vm-bfv").getBoolean("bootFromVolume")).isTrue();
        assertThat(byName.get("vm-luks").getBoolean("bootFromVolume")).isFalse();
        JsonObject error = byName.get("vm-error");
        assertThat(error.getString("status")).isEqualTo("ERROR");
        assertThat(error.getString("host")).isEqualTo("novalab-host");
        assertThat(error.getJsonObject("fault").getString("message")).contains("claims disk_format qcow2 but is a raw");
        assertThat(error.containsKey("domain")).isFalse();
    }

    @Test
    void a_plain_overlay_reads_through_its_base_and_has_no_secret() {
        JsonObject d = describe(vms.plain());
        Map<String, String> f = flow(d);
        assertThat(f.keySet()).containsExactly("Glance image", "pool objects", "_base file", "disk vda", "secret",
                "libvirt XML", "domain", "console");
        assertThat(f.get("Glance image")).startsWith("done | cirros-x86_64").contains(ImageService.FIXTURE_ID);
        assertThat(f.get("pool objects")).contains("images/rbd_data.");
        assertThat(f.get("_base file")).contains(ImageCache.baseName(ImageService.FIXTURE_ID), "backing file");
        assertThat(f.get("disk vda")).contains(vms.plain() + "/disk (qcow2 overlay, not encrypted)");
        assertThat(f.get("secret")).isEqualTo("done | none: no disk is encrypted");
        assertThat(f.get("libvirt XML")).contains("<disk type='file'> without <encryption>");
        assertThat(f.get("domain")).startsWith("done | instance-").endsWith(": running");
        assertThat(f.get("console")).startsWith("done | login as 'cirros'");
        assertThat(d.getString("console")).contains("novalab fixture guest: booted from disk");
        assertThat(d.getJsonArray("secrets")).isEmpty();
        assertThat(d.getJsonObject("clusters").getLong("inTopEncrypted")).isZero();
    }

    @Test
    void a_luks_overlay_names_its_secret_in_the_xml_and_encrypts_what_it_writes() {
        JsonObject d = describe(vms.luks());
        Map<String, String> f = flow(d);
        String secret = d.getJsonArray("secrets").getJsonObject(0).getString("uuid");
        assertThat(f.get("disk vda")).contains("qcow2 overlay, encrypted: luks");
        assertThat(f.get("secret")).isEqualTo("done | libvirt secret " + secret + " for vda (value never shown)");
        assertThat(f.get("libvirt XML")).contains("<encryption format='luks'> naming secret " + secret);
        assertThat(d.getString("xml")).contains("uuid='" + secret + "'");
        assertThat(d.getJsonArray("secrets").getJsonObject(0).getString("usage")).startsWith("volume ")
                .endsWith(vms.luks() + "/disk");
        assertThat(d.getJsonArray("chain").getJsonObject(0).getString("info")).contains("encrypted: yes",
                "format: luks");
        JsonObject clusters = d.getJsonObject("clusters");
        assertThat(clusters.getLong("inTop")).isEqualTo(clusters.getLong("inTopEncrypted")).isPositive();
        assertThat(d.encode()).doesNotContain("passphrase\":");
    }

    @Test
    void a_legacy_aes_overlay_shows_qcow_encryption() {
        JsonObject d = describe(vms.aes());
        Map<String, String> f = flow(d);
        assertThat(f.get("disk vda")).contains("qcow2 overlay, encrypted: qcow");
        assertThat(f.get("libvirt XML")).contains("<encryption format='qcow'>");
        assertThat(d.getJsonArray("chain").getJsonObject(0).getString("info")).contains("format: aes");
    }

    @Test
    void a_boot_from_volume_shows_the_clone_in_the_pool_and_no_base_file() {
        JsonObject d = describe(vms.bfv());
        Map<String, String> f = flow(d);
        assertThat(f.keySet()).containsExactly("Glance image", "pool objects", "clone", "disk vda", "secret",
                "libvirt XML", "domain", "console");
        assertThat(f.get("Glance image")).startsWith("done | cirros-x86_64");
        assertThat(f.get("clone")).startsWith("done | vms/" + vms.bfv() + "_disk")
                .contains("a copy-on-write clone of images/" + ImageService.FIXTURE_ID + "@snap");
        assertThat(f.get("disk vda")).contains("rbd vms/" + vms.bfv() + "_disk (raw, network disk, not encrypted)");
        assertThat(f.get("libvirt XML")).contains("<disk type='network'> rbd vms/" + vms.bfv() + "_disk");
        assertThat(f.get("console")).startsWith("done | login as 'cirros'");
        assertThat(d.getString("console")).contains("novalab fixture guest: booted from disk");
        assertThat(d.containsKey("clusters")).isFalse();
        assertThat(d.getJsonArray("chain")).isEmpty();
        assertThat(d.getJsonArray("disks").getJsonObject(0).getString("parent")).endsWith("@snap");
        assertThat(d.getString("tree")).contains(vms.bfv()).doesNotContain("_base");
    }

    @Test
    void an_error_instance_shows_its_fault_and_nothing_made_on_a_host() {
        JsonObject d = describe(vms.error());
        Map<String, String> f = flow(d);
        assertThat(f.get("Glance image")).startsWith("done | " + FiveInstances.LIAR_IMAGE + " (qcow2, 65536 bytes)");
        assertThat(f.get("disk")).startsWith("missing | not made: the build failed");
        assertThat(f.get("fault")).startsWith("failed | ").contains("claims disk_format qcow2 but is a raw image");
        assertThat(d.getString("status")).isEqualTo("ERROR");
        assertThat(d.getString("tree")).isEqualTo("(no directory for this instance on novalab-host)");
    }

    @Test
    void the_tree_shows_the_selected_instance_and_its_base_only() {
        String tree = describe(vms.luks()).getString("tree");
        assertThat(tree).contains(vms.luks(), "libvirt.xml", "console.log",
                ImageCache.baseName(ImageService.FIXTURE_ID));
        for (String other : List.of(vms.plain(), vms.aes(), vms.bfv())) {
            assertThat(tree).doesNotContain(other);
        }
    }
}

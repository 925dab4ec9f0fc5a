package org.novalab.lab.web;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import org.novalab.api.testing.Api;
import org.novalab.api.testing.LabServer;
import org.novalab.image.ImageService;
import org.novalab.imagecache.ImageCache;

/** The classroom's JSON for an encrypted overlay instance, as the page draws it; who may see it; its live events. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ClassroomApiTest {
    @TempDir
    static Path state;
    LabServer lab;
    Api admin;
    String luks;

    @BeforeAll
    void start() throws Exception {
        lab = new LabServer(state);
        admin = lab.admin();
        luks = lab.boot("vm-luks", LabServer.LUKS_FLAVOR);
    }

    @AfterAll
    void stop() {
        lab.close();
    }

    @Test
    void lists_the_hosts_instances_with_their_domains() {
        JsonArray list = admin.get("/novalab/v1/classroom/instances").json().getJsonArray("instances");
        assertThat(list).hasSize(1);
        assertThat(list.getJsonObject(0).getString("uuid")).isEqualTo(luks);
        assertThat(list.getJsonObject(0).getString("name")).isEqualTo("vm-luks");
        assertThat(list.getJsonObject(0).getString("status")).isEqualTo("ACTIVE");
        assertThat(list.getJsonObject(0).getString("domain")).startsWith("instance-");
        assertThat(list.getJsonObject(0).getString("domainState")).isEqualTo("running");
    }

    @Test
    void shows_the_flow_the_chain_the_clusters_the_secret_uuid_and_the_console_of_an_instance() {
        Api.Response r = admin.get("/novalab/v1/classroom/instances/" + luks);
        assertThat(r.status()).as(r.body()).isEqualTo(200);
        JsonObject d = r.json();
        String sha1 = ImageCache.baseName(ImageService.FIXTURE_ID);
        assertThat(d.getJsonArray("flow").stream().map(s -> ((JsonObject) s).getString("step")))
                .containsExactly("Glance image", "pool objects", "_base file", "disk vda", "secret",
                        "libvirt XML", "domain", "console");
        assertThat(d.getJsonArray("flow").getJsonObject(0).getString("what")).contains("cirros-x86_64");
        assertThat(d.getString("tree")).contains("── _base", sha1, "secret.xml", "libvirt.xml", "console.log");
        assertThat(d.getJsonArray("chain")).hasSize(2);
        assertThat(d.getJsonArray("chain").getJsonObject(0).getString("info"))
                .contains("file format: qcow2", "encrypted: yes", "backing file: ", sha1, "format: luks");
        assertThat(d.getJsonArray("chain").getJsonObject(1).getString("info")).contains("file format: raw");
        JsonObject clusters = d.getJsonObject("clusters");
        assertThat(clusters.getLong("fromBacking")).isGreaterThan(300);
        assertThat(clusters.getLong("inTop")).isEqualTo(clusters.getLong("inTopEncrypted")).isPositive();
        String secret = d.getJsonArray("secrets").getJsonObject(0).getString("uuid");
        assertThat(d.getJsonArray("secrets").getJsonObject(0).getString("usage")).startsWith("volume ").endsWith("/disk");
        assertThat(d.getString("xml")).contains("<encryption format='luks'>", "uuid='" + secret + "'");
        assertThat(d.getJsonArray("flow").getJsonObject(1).getString("what")).contains("images/rbd_data.");
        assertThat(d.getString("console")).contains("novalab fixture guest: booted from disk");
    }

    @Test
    void needs_a_token_and_answers_404_for_an_unknown_instance() {
        assertThat(Api.anonymous(lab.baseUrl()).get("/novalab/v1/classroom/instances").status()).isEqualTo(401);
        assertThat(admin.get("/novalab/v1/classroom/instances/3f8475e9-868c-4543-a510-7f668ba83d46").status())
                .isEqualTo(404);
    }

    @Test
    void only_admins_see_the_classroom_and_the_virsh_endpoints() {
        Api member = lab.member("student");
        for (String path : new String[] {"/novalab/v1/classroom/instances", "/novalab/v1/classroom/instances/" + luks,
                "/novalab/v1/virsh/domains", "/novalab/v1/virsh/secrets"}) {
            Api.Response r = member.get(path);
            assertThat(r.status()).as(path).isEqualTo(403);
            assertThat(r.body()).as(path).doesNotContain(luks.substring(0, 8) + "-");
        }
        assertThat(member.post("/novalab/v1/classroom/lab", new JsonObject()).status()).isEqualTo(403);
    }

    @Test
    void serves_the_page_without_a_build_step() {
        Api anonymous = Api.anonymous(lab.baseUrl());
        assertThat(anonymous.get("/ui/").body()).contains("<title>novalab classroom</title>", "/ui/classroom.js");
        assertThat(anonymous.get("/ui/classroom.js").body()).contains("/novalab/v1/classroom");
    }
}

package org.novalab.api.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.json.JsonObject;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.novalab.api.persistence.DatabaseConfig;
import org.novalab.api.persistence.EmbeddedDatabase;
import org.novalab.api.server.NovalabServer;
import org.novalab.api.testing.FakeCompute;
import org.novalab.api.testing.OpenstackCli;
import org.novalab.api.testing.TestServers;

/**
 * The real {@code openstack volume} verbs against novalab's Cinder API: an encrypted type, a volume, its key; a
 * snapshot, volumes cloned from it and from a volume, and the refusals while clones and snapshots exist.
 */
@Tag("integration")
class VolumeClientIT {
    @TempDir
    static Path state;
    static NovalabServer server;
    static OpenstackCli cli;

    @BeforeAll
    static void start() throws Exception {
        server = TestServers.start(TestServers.config(state), new FakeCompute());
        cli = new OpenstackCli(server.baseUrl(), state);
    }

    @AfterAll
    static void stop() {
        if (server != null) {
            server.close();
        }
    }

    @Test
    void an_encrypted_volume_is_made_listed_shown_and_deleted_with_its_passphrase() throws Exception {
        JsonObject type = cli.json("volume", "type", "create", "--encryption-provider", "luks",
                "--encryption-cipher", "aes-xts-plain64", "--encryption-key-size", "256",
                "--encryption-control-location", "front-end", "LUKS", "-f", "json");
        assertThat(type.getString("name")).isEqualTo("LUKS");
        List<JsonObject> types = cli.rows("volume", "type", "list", "--long", "-f", "json");
        assertThat(types).extracting(t -> t.getString("Name")).contains("LUKS", "__DEFAULT__");
        String shown = cli.json("volume", "type", "show", "--encryption-type", "LUKS", "-f", "json").encode();
        assertThat(shown).contains("aes-xts-plain64").contains("front-end").contains("luks");

        JsonObject created = cli.json("volume", "create", "--type", "LUKS", "--size", "1", "v1", "-f", "json");
        String id = created.getString("id");
        String status = created.getString("status");
        for (int i = 0; i < 200 && !status.equals("available"); i++) {
            Thread.sleep(100);
            status = cli.json("volume", "show", "v1", "-f", "json").getString("status");
        }
        assertThat(status).isEqualTo("available");
        assertThat(keyRows(id)).isEqualTo(1);
        List<JsonObject> volumes = cli.rows("volume", "list", "-f", "json");
        assertThat(volumes).extracting(v -> v.getString("Name")).containsExactly("v1");
        assertThat(volumes.get(0).getInteger("Size")).isEqualTo(1);
        JsonObject volume = cli.json("volume", "show", "v1", "-f", "json");
        assertThat(volume.getValue("encrypted")).isEqualTo(true);
        assertThat(volume.getString("type")).isEqualTo("LUKS");
        assertThat(volume.encode()).doesNotContainIgnoringCase("passphrase");

        cli.os("volume", "set", "--name", "v1b", "--description", "data", "--property", "purpose=test", "v1");
        cli.os("volume", "set", "--size", "2", "v1b");
        for (int i = 0; i < 200 && !"available".equals(cli.json("volume", "show", "v1b", "-f", "json")
                .getString("status")); i++) {
            Thread.sleep(100);
        }
        JsonObject changed = cli.json("volume", "show", "v1b", "-f", "json");
        assertThat(changed.getInteger("size")).isEqualTo(2);
        assertThat(changed.getString("description")).isEqualTo("data");
        assertThat(changed.getValue("properties").toString()).contains("purpose").contains("test");

        cli.os("volume", "delete", "v1b");
        for (int i = 0; i < 200 && !cli.rows("volume", "list", "-f", "json").isEmpty(); i++) {
            Thread.sleep(100);
        }
        assertThat(cli.rows("volume", "list", "-f", "json")).isEmpty();
        assertThat(keyRows(id)).isZero();
        cli.os("volume", "qos", "create", "--consumer", "front-end", "--property", "total_iops_sec=500", "fast");
        cli.os("volume", "qos", "associate", "fast", "LUKS");
        JsonObject qos = cli.json("volume", "qos", "show", "fast", "-f", "json");
        assertThat(qos.encode()).contains("total_iops_sec").contains("500").contains("LUKS");
        assertThat(cli.rows("volume", "qos", "list", "-f", "json")).extracting(q -> q.getString("Name"))
                .containsExactly("fast");
        cli.os("volume", "qos", "disassociate", "--volume-type", "LUKS", "fast");
        cli.os("volume", "qos", "delete", "fast");
        assertThat(cli.rows("volume", "qos", "list", "-f", "json")).isEmpty();
        cli.os("volume", "type", "delete", "LUKS");
        assertThat(cli.rows("volume", "type", "list", "-f", "json")).extracting(t -> t.getString("Name"))
                .doesNotContain("LUKS");
    }

    @Test
    void a_snapshot_and_clones_of_it_and_of_a_volume_are_made_and_deleted_with_the_openstack_verbs() throws Exception {
        String source = cli.json("volume", "create", "--size", "1", "src", "-f", "json").getString("id");
        await("volume", "src", "available");
        String snapshot = cli.json("volume", "snapshot", "create", "--volume", "src", "--description", "before",
                "s1", "-f", "json").getString("id");
        JsonObject shown = await("volume snapshot", "s1", "available");
        assertThat(shown.getString("volume_id")).isEqualTo(source);
        assertThat(shown.getInteger("size")).isEqualTo(1);
        assertThat(cli.rows("volume", "snapshot", "list", "-f", "json")).extracting(r -> r.getString("Name"))
                .containsExactly("s1");

        cli.os("volume", "create", "--snapshot", "s1", "from-snap", "-f", "json");
        assertThat(await("volume", "from-snap", "available").getString("snapshot_id")).isEqualTo(snapshot);
        cli.os("volume", "create", "--source", "src", "--size", "2", "from-volume", "-f", "json");
        JsonObject copy = await("volume", "from-volume", "available");
        assertThat(copy.getString("source_volid")).isEqualTo(source);
        assertThat(copy.getInteger("size")).isEqualTo(2);

        OpenstackCli.Result refused = cli.run("volume", "snapshot", "delete", "s1");
        assertThat(refused.exitCode()).isNotZero();
        assertThat(refused.stderr()).contains("copy-on-write clones of it");
        refused = cli.run("volume", "delete", "src");
        assertThat(refused.exitCode()).isNotZero();
        assertThat(refused.stderr()).contains("has 1 snapshot(s)");

        cli.os("volume", "delete", "from-snap", "from-volume");
        awaitVolumes("src");
        cli.os("volume", "delete", "--purge", "src");
        awaitVolumes();
        assertThat(cli.rows("volume", "snapshot", "list", "-f", "json")).as("--purge took the snapshot").isEmpty();
    }

    /** Shows {@code name} until its status is {@code status} (what a user does with `watch openstack … show`). */
    private static JsonObject await(String what, String name, String status) throws Exception {
        List<String> show = new java.util.ArrayList<>(List.of(what.split(" ")));
        show.addAll(List.of("show", name, "-f", "json"));
        JsonObject shown = cli.json(show.toArray(String[]::new));
        for (int i = 0; i < 100 && !shown.getString("status").equals(status); i++) {
            assertThat(shown.getString("status")).as(shown.encode()).doesNotStartWith("error");
            Thread.sleep(100);
            shown = cli.json(show.toArray(String[]::new));
        }
        assertThat(shown.getString("status")).as(shown.encode()).isEqualTo(status);
        return shown;
    }

    /** Lists volumes until exactly {@code names} are left (deletes run after their 202). */
    private static void awaitVolumes(String... names) throws Exception {
        List<String> left = null;
        for (int i = 0; i < 100; i++) {
            left = cli.rows("volume", "list", "-f", "json").stream().map(v -> v.getString("Name")).toList();
            if (left.equals(List.of(names))) {
                return;
            }
            Thread.sleep(100);
        }
        assertThat(left).containsExactly(names);
    }

    /** The key manager's rows the volume owns, read as an operator would from the H2 file. */
    private static long keyRows(String volumeId) throws Exception {
        DatabaseConfig db = EmbeddedDatabase.open(state);
        try (Connection c = DriverManager.getConnection(db.url(), db.user(), db.password());
             PreparedStatement q = c.prepareStatement(
                     "SELECT COUNT(*) FROM passphrases WHERE owner_type = 'volume' AND owner_id = ?")) {
            q.setString(1, volumeId);
            try (ResultSet rows = q.executeQuery()) {
                rows.next();
                return rows.getLong(1);
            }
        }
    }
}

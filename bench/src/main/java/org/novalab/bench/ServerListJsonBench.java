package org.novalab.bench;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.novalab.api.compute.FlavorEntity;
import org.novalab.api.compute.InstanceEntity;
import org.novalab.api.compute.Microversion;
import org.novalab.api.compute.NewInstance;
import org.novalab.api.compute.RootDisk;
import org.novalab.api.compute.ServerView;
import org.novalab.api.identity.AuthContext;
import org.novalab.compute.DiskCreation;
import org.novalab.compute.EncryptionChoice;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * {@code GET /v2.1/servers/detail} of 100 servers without the database: the API's own {@link ServerView} shapes each
 * server for an admin at the newest microversion and the page is encoded to JSON, as the route does on its worker.
 * {@code shape} stops before the encoding, so the two together say which half costs what.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class ServerListJsonBench {
    private static final String BASE = "http://127.0.0.1:8774";
    private final List<InstanceEntity> servers = new ArrayList<>();
    private AuthContext admin;

    @Setup
    public void setUp() throws ReflectiveOperationException {
        // the database gives an instance its id (its libvirt name derives from it); here it is set as if stored
        java.lang.reflect.Field id = InstanceEntity.class.getDeclaredField("id");
        id.setAccessible(true);
        Instant now = Instant.parse("2026-12-02T03:00:00Z");
        FlavorEntity flavor = new FlavorEntity("1", "m1.tiny", 1, 512, 1, 0, 0, true, null,
                Map.of("hw:ephemeral_encryption", "true"));
        for (int i = 0; i < 100; i++) {
            String uuid = new UUID(0x1234L, i).toString();
            InstanceEntity server = new InstanceEntity(new NewInstance(uuid, "server-" + i, "server-" + i,
                    "project-demo", "user-admin", "6a6f72f6-1111-4222-8333-a868a0000001", flavor, "QCOW2", "novalab-compute",
                    Map.of("role", "bench", "index", Integer.toString(i)), "a benchmark server", "key-" + i, null,
                    "r-bench", i, null, null, false, Set.of("bench", "jmh"), "nova", null,
                    new RootDisk(EncryptionChoice.luks(), DiskCreation.BACKING_FILE)), now);
            id.set(server, 1000L + i);
            servers.add(server);
        }
        AuthContext.Ref project = new AuthContext.Ref("project-demo", "demo");
        AuthContext.Ref domain = new AuthContext.Ref("default", "Default");
        admin = new AuthContext(new AuthContext.Ref("user-admin", "admin"), domain, project, domain, null, false,
                List.of(new AuthContext.Ref("admin", "admin")), now, now.plusSeconds(3600), "audit",
                List.of("password"));
    }

    @Benchmark
    public JsonObject shape() {
        JsonArray list = new JsonArray();
        for (InstanceEntity i : servers) {
            list.add(ServerView.detail(BASE, i, null, Microversion.MAX, admin));
        }
        return new JsonObject().put("servers", list);
    }

    @Benchmark
    public String shapeAndEncode() {
        return shape().encode();
    }
}

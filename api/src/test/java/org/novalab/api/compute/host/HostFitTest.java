package org.novalab.api.compute.host;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.json.JsonObject;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import org.hibernate.Session;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.novalab.api.compute.FlavorEntity;
import org.novalab.api.compute.InstanceEntity;
import org.novalab.api.compute.NewInstance;
import org.novalab.api.compute.RootDisk;
import org.novalab.api.compute.migration.MigrationEntity;
import org.novalab.api.compute.resize.ResizeEntity;
import org.novalab.api.persistence.Database;
import org.novalab.api.persistence.DatabaseConfig;
import org.novalab.api.server.NovalabServer;
import org.novalab.compute.DiskCreation;
import org.novalab.compute.EncryptionChoice;

/**
 * What each host has left for the scheduler, read for every host at once ({@link HostFit#offers}), is what the
 * claim reads of one host ({@link HostFit#offer}): the instances on it (an Rbd root takes no local disk, swap counts
 * in whole GiB), the reserved memory, the moves under way at either end, the allocation ratios; a host that never
 * reported offers nothing.
 */
class HostFitTest {
    static final Instant NOW = Instant.parse("2026-12-04T00:00:00Z");
    @TempDir
    Path dir;
    Database db;
    final HostFit fit = new HostFit(new HostFit.Ratios(4.0, 1.5, 1.0));

    @BeforeEach
    void open() {
        db = Database.open(DatabaseConfig.embedded(dir), NovalabServer.ENTITIES, 2);
    }

    @AfterEach
    void close() {
        db.close();
    }

    @Test
    void every_host_read_at_once_offers_what_its_own_read_offers_with_the_moves_under_way_at_both_ends() {
        db.run(s -> {
            reported(s, "h1", 8, 16384, 100, Set.of("COMPUTE_EPHEMERAL_ENCRYPTION"));
            reported(s, "h2", 4, 8192, 50, Set.of());
            reported(s, "h3", 2, 4096, 20, Set.of());
            s.persist(new ComputeNodeEntity(UUID.randomUUID().toString(), "h4", "h4", NOW));
            FlavorEntity small = flavor(s, "small", 1, 1024, 10, 0, 0);
            FlavorEntity big = flavor(s, "big", 2, 2048, 10, 5, 1536);
            instance(s, "h1", big, "QCOW2");
            instance(s, "h1", small, "RBD");
            // resized from h2 to h1, waiting for its confirmation: h2 still holds its old flavor
            move(s, instance(s, "h1", big, "QCOW2"), "h2", "h1", small, big, "finished");
            // migrating from h1 to h3, not there yet: h3 holds its flavor already
            move(s, instance(s, "h1", small, "QCOW2"), "h1", "h3", small, small, "migrating");
            // a move that ended holds nothing
            move(s, instance(s, "h2", small, "QCOW2"), "h1", "h2", small, small, "confirmed");
        });

        Map<String, HostFit.Offer> offers = db.read(fit::offers);

        for (String host : List.of("h1", "h2", "h3", "h4", "h5")) {
            assertThat(Optional.ofNullable(offers.get(host))).as(host)
                    .isEqualTo(db.read(s -> fit.offer(s, host, false)));
        }
        assertThat(offers.get("h3").free()).as("2 x 4 vCPUs, 4096 x 1.5 MiB less 512 reserved, 20 GiB; the "
                + "incoming move's flavor taken").isEqualTo(new HostFit.Need(8 - 1, 6144 - 512 - 1024, 20 - 10));
        assertThat(offers.get("h1").free().diskGb()).as("two of big (10 + 5 + 1 of swap), one small on Rbd, one "
                + "small on disk").isEqualTo(100 - 16 - 16 - 0 - 10);
        assertThat(offers.get("h2").free().vcpus()).as("the old flavor of the resize it left, and one instance")
                .isEqualTo(16 - 1 - 1);
        assertThat(offers.get("h1").traits()).containsExactly("COMPUTE_EPHEMERAL_ENCRYPTION");
        assertThat(offers).doesNotContainKeys("h4", "h5");
    }

    static void reported(Session s, String host, int vcpus, long memoryMb, long diskGb, Set<String> traits) {
        ComputeNodeEntity node = new ComputeNodeEntity(UUID.randomUUID().toString(), host, host, NOW);
        node.report(new HostResources.Capacity(vcpus, memoryMb, diskGb, diskGb, "192.0.2.1", "QEMU", 8002000,
                new JsonObject(), traits), NOW);
        s.persist(node);
    }

    static FlavorEntity flavor(Session s, String id, int vcpus, int ramMb, int rootGb, int ephemeralGb, int swapMb) {
        FlavorEntity f = new FlavorEntity(id, id, vcpus, ramMb, rootGb, ephemeralGb, swapMb, true, null, Map.of());
        s.persist(f);
        return f;
    }

    static InstanceEntity instance(Session s, String host, FlavorEntity flavor, String backend) {
        String uuid = UUID.randomUUID().toString();
        InstanceEntity i = new InstanceEntity(new NewInstance(uuid, "vm", "vm", "p", "u", "image", flavor, backend,
                host, Map.of(), null, null, null, "r-1", 0, null, null, false, Set.of(), "nova", null,
                new RootDisk(EncryptionChoice.NONE, DiskCreation.BACKING_FILE)), NOW);
        s.persist(i);
        return i;
    }

    static void move(Session s, InstanceEntity i, String from, String to, FlavorEntity old, FlavorEntity next,
            String status) {
        String migration = UUID.randomUUID().toString();
        s.persist(new MigrationEntity(migration, i.uuid(), "resize", status, from, to, "p", "u", NOW));
        s.persist(new ResizeEntity(migration, i.uuid(), copy(old), copy(next), false, NOW));
    }

    static InstanceEntity.FlavorCopy copy(FlavorEntity f) {
        return new InstanceEntity.FlavorCopy(f.id(), f.name(), f.vcpus(), f.ramMb(), f.rootGb(), f.ephemeralGb(),
                f.swapMb(), Map.of());
    }
}

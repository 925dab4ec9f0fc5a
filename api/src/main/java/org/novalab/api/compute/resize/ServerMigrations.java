package org.novalab.api.compute.resize;

import io.vertx.core.json.JsonObject;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.novalab.api.compute.HostDoor;
import org.novalab.api.compute.InstanceEntity;
import org.novalab.api.compute.InstanceLock;
import org.novalab.api.compute.Microversion;
import org.novalab.api.compute.NovaPolicy;
import org.novalab.api.compute.NovaSchema;
import org.novalab.api.compute.ServerQueries;
import org.novalab.api.compute.host.ServiceRegistry;
import org.novalab.api.http.ApiException;
import org.novalab.api.identity.AuthContext;
import org.novalab.compute.BackendKind;
import org.novalab.compute.state.VmState;

/**
 * Nova's {@code migrate} and {@code os-migrateLive}. Nova's API checks come first (the server, the admin policy, the
 * body's schema for the microversion, the lock, the state, a named host). A cold migration then goes to another host
 * the scheduler finds ({@link ServerResizes#migrate}: the disk, its secret and its domain move, and the server waits
 * in VERIFY_RESIZE for its confirmation). A live migration goes to another host the scheduler finds for the flavor
 * the server has ({@link ServerResizes#migrateLive}: the source pauses the guest, block-migrates its disk and its
 * secret's uuid, the destination defines the secret and runs the guest, and the server is ACTIVE there with the
 * migration {@code completed}; a root disk on Rbd, shared by the hosts, is not copied). When no host fits, or the
 * conductor's checks refuse (the server's own host forced, no block migration of a local disk, a block migration of
 * a shared one), the move ends as Nova's conductor ends one that cannot be placed: the migration is recorded in
 * {@code error}, the instance action's conductor event fails with the reason ({@code NoValidHost},
 * {@code UnableToMigrateToSelf}, {@code InvalidSharedStorage}, {@code InvalidLocalStorage}) and the server stays as
 * it was.
 * Nova casts both to the conductor (live migration from 2.34), so the request is accepted (202) and the failure shows
 * in the instance actions and {@code os-migrations}; a live migration before 2.34 waits for the conductor's checks
 * and answers their 400.
 */
public final class ServerMigrations {
    private static final String POLICY = "os_compute_api:os-migrate-server:";
    static final Set<VmState> LIVE_MIGRATABLE = Set.of(VmState.ACTIVE, VmState.PAUSED);

    private final ServerQueries queries;
    private final ServiceRegistry services;
    private final HostDoor door;
    private final ServerResizes resizes;

    public ServerMigrations(ServerQueries queries, ServiceRegistry services, HostDoor door, ServerResizes resizes) {
        this.queries = queries;
        this.services = services;
        this.door = door;
        this.resizes = resizes;
    }

    /** Nova's cold migrate: the scheduler leaves out the server's own host (libvirt cannot migrate to itself). */
    public void migrate(AuthContext caller, String uuid, JsonObject body, Microversion v, String requestId) {
        InstanceEntity i = queries.get(caller, uuid);
        String host = null;
        if (v.atLeast(56)) {
            Object args = body.getValue("migrate");
            if (args != null) {
                JsonObject a = NovaSchema.object(args, "migrate");
                NovaSchema.allowOnly(a, Set.of("host"), "migrate");
                host = host(a.getValue("host"));
            }
        }
        NovaPolicy.admin(caller, POLICY + (host != null ? "migrate:host" : "migrate"));
        InstanceLock.require(caller, i);
        ServerStates.require(i, "migrate", ServerResizes.RESIZABLE);
        door.requireUp(i);
        if (host != null) {
            if (host.equals(i.host())) {
                throw ApiException.badRequest("Cannot migrate to the host where the server exists.");
            }
            requireComputeHost(host);
        }
        if (resizes.migrate(caller, i, java.util.Optional.ofNullable(host), requestId)) {
            return;
        }
        resizes.unplaced(caller, i, requestId, "migrate", "migration", "cold_migrate",
                "No valid host was found. No valid host found for cold migrate", host);
    }

    /** Nova's live migration, with its body's schema for each microversion (2.25 block_migration auto, 2.30 force). */
    public void migrateLive(AuthContext caller, String uuid, JsonObject body, Microversion v, String requestId) {
        InstanceEntity i = queries.get(caller, uuid);
        JsonObject a = NovaSchema.object(body.getValue("os-migrateLive"), "os-migrateLive");
        Set<String> fields = new HashSet<>(Set.of("block_migration", "host"));
        if (!v.atLeast(25)) {
            fields.add("disk_over_commit");
        }
        if (v.atLeast(30) && !v.atLeast(68)) {
            fields.add("force");
        }
        NovaSchema.allowOnly(a, fields, "os-migrateLive");
        for (String required : v.atLeast(25) ? Set.of("block_migration", "host")
                : Set.of("block_migration", "disk_over_commit", "host")) {
            NovaSchema.require(a, required, "os-migrateLive");
        }
        Object given = a.getValue("block_migration");
        // null: 2.25's auto, the conductor's choice (block migration for a local disk, none for a shared one)
        Boolean block = v.atLeast(25) && "auto".equals(given) ? null : NovaSchema.bool(given, "block_migration");
        if (!v.atLeast(25)) {
            NovaSchema.bool(a.getValue("disk_over_commit"), "disk_over_commit");
        }
        String host = host(a.getValue("host"));
        Boolean force = null;
        if (v.atLeast(30)) {
            force = a.containsKey("force") && NovaSchema.bool(a.getValue("force"), "force");
        }
        NovaPolicy.admin(caller, POLICY + (host != null ? "migrate_live:host" : "migrate_live"));
        if (Boolean.TRUE.equals(force) && host == null) {
            throw ApiException.badRequest("Can't force to a non-provided destination");
        }
        InstanceLock.require(caller, i);
        ServerStates.require(i, "os-migrateLive", LIVE_MIGRATABLE);
        door.requireUp(i);
        if (host != null) {
            requireComputeHost(host);
        }
        // the conductor's order: its own host first, then the scheduler, then the checks on the chosen host
        Optional<String> refused = toItself(i, host, force);
        List<String> candidates = refused.isPresent() ? List.of() : resizes.candidates(i, Optional.ofNullable(host));
        if (refused.isEmpty() && !candidates.isEmpty()) {
            refused = storageRefusal(i, block);
        }
        if (refused.isEmpty() && resizes.migrateLive(caller, i, candidates, requestId)) {
            return;
        }
        String why = refused.orElse("No valid host was found. ");
        resizes.unplaced(caller, i, requestId, "live-migration", "live-migration", "conductor_live_migrate_instance",
                why, host);
        if (!v.atLeast(34)) {
            throw ApiException.badRequest(why);
        }
    }

    /**
     * The conductor's first check: a named host that is the server's own (forced, or before 2.30; else the scheduler
     * leaves it out) is {@code UnableToMigrateToSelf}.
     */
    private static Optional<String> toItself(InstanceEntity i, String host, Boolean force) {
        if (host != null && !Boolean.FALSE.equals(force) && host.equals(i.host())) {
            return Optional.of("Unable to migrate instance (" + i.uuid() + ") to current host (" + i.host() + ").");
        }
        return Optional.empty();
    }

    /**
     * The checks on the chosen host ({@code check_can_live_migrate_source}, naming the source): a root disk on Rbd is
     * on shared storage, which a block migration must not copy (Nova's {@code InvalidLocalStorage}); a local disk
     * without block migration is Nova's {@code InvalidSharedStorage}. {@code block} null is 2.25's {@code auto}: the
     * conductor's choice, shared storage for an Rbd disk, block migration for a local one.
     */
    private static Optional<String> storageRefusal(InstanceEntity i, Boolean block) {
        if (BackendKind.RBD.name().equals(i.backend())) {
            return Boolean.TRUE.equals(block) ? Optional.of(i.host() + " is not on local storage: Block migration can "
                    + "not be used with shared storage.") : Optional.empty();
        }
        if (Boolean.FALSE.equals(block)) {
            return Optional.of(i.host() + " is not on shared storage: Shared storage live-migration requires either "
                    + "shared storage or block migration unless booted from volume.");
        }
        return Optional.empty();
    }

    private void requireComputeHost(String host) {
        if (services.byHostAndBinary(host, ServiceRegistry.COMPUTE).isEmpty()) {
            throw ApiException.badRequest("Compute host " + host + " could not be found.");
        }
    }

    /** Nova's {@code fqdn} or null. */
    private static String host(Object value) {
        return value == null ? null : NovaSchema.string(value, "host", 1, 255);
    }
}

package org.novalab.api.compute;

import java.time.Clock;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.novalab.api.compute.action.InstanceActions;
import org.novalab.api.compute.aggregate.AvailabilityZones;
import org.novalab.api.compute.aggregate.HostZones;
import org.novalab.api.compute.group.ServerGroupService;
import org.novalab.api.compute.host.HostFit;
import org.novalab.api.compute.keypair.KeyPairEntity;
import org.novalab.api.compute.keypair.KeyPairService;
import org.novalab.api.compute.quota.QuotaService;
import org.novalab.api.http.ApiException;
import org.novalab.api.identity.AuthContext;
import org.novalab.api.persistence.Database;
import org.novalab.compute.EncryptionChoice;
import org.novalab.compute.SpawnRequest;
import org.novalab.compute.rpc.ComputeApi;
import org.novalab.compute.rpc.ComputeHosts;
import org.novalab.compute.state.PowerAction;
import org.novalab.compute.state.TaskState;
import org.novalab.compute.state.VmState;
import org.novalab.image.ImageRecord;
import org.novalab.image.ImageService;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The write side of servers (Nova's {@code compute.api}): a request is checked completely before anything is
 * stored, the instance is recorded on the host the scheduler picked, and every action is handed to that host
 * through the one door ({@link ComputeApi}) only after its task state was set in the database, so a second,
 * conflicting request gets Nova's 409 however many servers share the database.
 */
public final class ServerService {
    private static final Logger LOG = LoggerFactory.getLogger(ServerService.class);
    /** The most servers one request makes (Nova knows no such limit; its quotas stop a request long before). */
    static final int MAX_PER_REQUEST = 1000;

    private final Database db;
    private final FlavorService flavors;
    private final ImageService images;
    private final ServerQueries queries;
    private final HibernateInstanceStore instances;
    private final ComputeApi compute;
    private final HostDoor door;
    private final Scheduler scheduler;
    private final KeyPairService keyPairs;
    private final QuotaService quotas;
    private final ServerGroupService groups;
    private final AvailabilityZones zones;
    private final Clock clock;
    /** Nova's {@code [ephemeral_storage_encryption]} enabled and default_format (Nova's defaults until set). */
    private volatile EncryptionChoice.Defaults encryption = EncryptionChoice.Defaults.NOVA;

    public ServerService(Database db, FlavorService flavors, ImageService images, ServerQueries queries,
                         HibernateInstanceStore instances, ComputeApi compute, ComputeHosts hosts, Scheduler scheduler,
                         KeyPairService keyPairs, QuotaService quotas, ServerGroupService groups,
                         AvailabilityZones zones, Clock clock) {
        this.db = db;
        this.flavors = flavors;
        this.images = images;
        this.queries = queries;
        this.instances = instances;
        this.compute = compute;
        this.door = new HostDoor(hosts);
        this.scheduler = scheduler;
        this.keyPairs = keyPairs;
        this.quotas = quotas;
        this.groups = groups;
        this.zones = zones;
        this.clock = clock;
    }

    /** The ephemeral encryption policy new servers' root disks are resolved under. */
    public void encryptByDefault(EncryptionChoice.Defaults defaults) {
        this.encryption = java.util.Objects.requireNonNull(defaults, "defaults");
    }

    /** The instances one create made (in launch order) and the reservation they share. */
    public record Created(List<InstanceEntity> instances, String reservationId) {
    }

    public Created create(AuthContext caller, ServerRequest request, String requestId) {
        FlavorEntity flavor = flavors.findVisible(caller, request.flavorRef())
                .orElseThrow(() -> ApiException.badRequest("Flavor " + request.flavorRef() + " could not be found."));
        HostZones hostZones = zones.forCreate(request.availabilityZone());
        ImageRecord image = images.find(request.imageRef())
                .filter(i -> images.visibleTo(i, caller.projectId(), caller.isAdmin()))
                .orElseThrow(() -> ApiException.badRequest("Image " + request.imageRef() + " could not be found."));
        // Nova looks the key pair up among the caller's own
        KeyPairEntity keyPair = request.keyName() == null ? null : keyPairs.find(caller.userId(), request.keyName())
                .orElseThrow(() -> ApiException.badRequest("Invalid key_name provided."));
        int rootGb = request.volumeSizeGb() != null ? request.volumeSizeGb() : flavor.rootGb();
        ImageFit.check(image, flavor.ramMb(), rootGb);
        quotas.checkMetadataItems(caller, request.metadata().size());
        long allowed = quotas.instancesAllowed(caller, flavor.vcpus(), flavor.ramMb(), request.minCount(),
                request.maxCount());
        if (allowed > MAX_PER_REQUEST) {
            // only unlimited quotas let a request this large through; Nova would try, novalab will not
            throw ApiException.badRequest("novalab creates at most " + MAX_PER_REQUEST + " servers per request; "
                    + "asked for " + allowed);
        }
        int count = (int) allowed;
        String reservation = ReservationId.generate();
        ServerGroupService.Boot group = request.group() == null ? null : groups.forBoot(caller, request.group());
        // resolved once per instance and scheduled before anything is stored: a refusal (no host can encrypt the
        // disk, conflicting settings) is a 400 with nothing created
        List<NewInstance> planned = new ArrayList<>();
        List<SpawnRequest> drafts = new ArrayList<>();
        HostFit.Need need = need(flavor, request.backend());
        Map<String, HostFit.Need> pending = new HashMap<>();
        List<List<String>> alternates = new ArrayList<>();
        for (int index = 0; index < count; index++) {
            UUID uuid = UUID.randomUUID();
            String name = count > 1 ? request.name() + "-" + (index + 1) : request.name();
            SpawnRequest draft = SpawnRequest.resolved(uuid, 0, name, flavor.toFlavor(rootGb), image.id(),
                    image.properties(), request.backend(), encryption);
            String host;
            if (group != null) {
                group.admitMember(caller);
            }
            try {
                List<String> hosts = scheduler.select(draft, need, pending, (group == null ? HostPlacement.ANY
                        : group.placement()).and(hostZones.within(request.availabilityZone())));
                host = hosts.get(0);
                // a group member stays where the group's filter put it: its alternates might break the group
                alternates.add(group == null ? hosts.subList(1, hosts.size()) : List.of());
                pending.merge(host, need, HostFit.Need::plus);
            } catch (NoValidHost none) {
                host = null; // recorded, then put in ERROR with Nova's fault, as its conductor does
                alternates.add(List.of());
            }
            if (group != null) {
                group.placed(host);
            }
            drafts.add(draft);
            String hostname = request.hostname() != null ? request.hostname()
                    : Hostname.of(request.name(), uuid.toString(), count, index);
            planned.add(new NewInstance(uuid.toString(), name, hostname, caller.projectId(), caller.userId(), image.id(), flavor, request.backend().name(), host,
                    request.metadata(), request.description(), keyPair == null ? null : keyPair.name(),
                    keyPair == null ? null : keyPair.publicKey(), reservation, index, request.accessIpV4(),
                    request.accessIpV6(), request.autoDiskConfig(), request.tags(),
                    host == null ? request.availabilityZone() : hostZones.nameOf(host), request.userData(),
                    RootDisk.of(draft)));
        }
        java.util.Set<String> claimed = new java.util.HashSet<>(pending.keySet());
        alternates.forEach(claimed::addAll);
        List<InstanceEntity> rows = db.write(s -> {
            scheduler.lockForClaims(s, claimed);
            List<InstanceEntity> made = new ArrayList<>();
            for (int i = 0; i < planned.size(); i++) {
                NewInstance n = claim(s, planned.get(i), alternates.get(i), need, hostZones);
                InstanceEntity e = new InstanceEntity(n, clock.instant());
                e.alternateHosts(after(n.host(), planned.get(i).host(), alternates.get(i)));
                s.persist(e);
                made.add(e);
            }
            if (group != null) {
                group.addMembers(s, made);
            }
            for (InstanceEntity e : made) {
                instances.actions().start(s, e.uuid(), "create", requestId, caller,
                        e.host() == null ? InstanceActions.SCHEDULE : InstanceActions.BUILD, e.host());
            }
            return made;
        });
        try {
            // Nova's recheck: creates racing past the first check may not all stay
            quotas.recheckInstances(caller, flavor.vcpus(), flavor.ramMb(), count);
        } catch (ApiException overQuota) {
            db.run(s -> rows.forEach(r -> s.createMutationQuery("delete from InstanceEntity i where i.id = :id")
                    .setParameter("id", r.id()).executeUpdate()));
            throw overQuota;
        }
        rows.forEach(r -> instances.announce(UUID.fromString(r.uuid())));
        for (int i = 0; i < rows.size(); i++) {
            InstanceEntity row = rows.get(i);
            if (row.host() == null) {
                instances.failTask(UUID.fromString(row.uuid()), TaskState.SCHEDULING, 500, new NoValidHost().getMessage());
                instances.actions().finish(row.uuid(), InstanceActions.SCHEDULE, false, new NoValidHost().getMessage());
                continue;
            }
            try {
                compute.buildAndRunInstance(row.host(), drafts.get(i).numbered(row.id()));
            } catch (RuntimeException e) {
                LOG.warn("build of instance {} could not be handed to {}: {}", row.uuid(), row.host(), e.toString());
                instances.failTask(UUID.fromString(row.uuid()), TaskState.SCHEDULING, 503,
                        HostDoor.notHandedOver(row.host(), e) + "; delete this server");
            }
        }
        return new Created(rows, reservation);
    }

    /** What an instance of {@code flavor} takes of its host: a root disk on RBD is not the host's disk. */
    static HostFit.Need need(FlavorEntity flavor, org.novalab.compute.BackendKind backend) {
        return HostFit.Need.of(flavor.vcpus(), flavor.ramMb(), flavor.rootGb(), flavor.ephemeralGb(), flavor.swapMb(),
                backend);
    }

    /**
     * The claim, in the transaction that records the instance: the host's compute node row is locked and what it
     * has left counted again with every instance recorded on it (this request's before included). When another
     * boot took the room since the scheduler chose the host, its alternates are tried in order, as Nova's conductor
     * does; when none has room, the instance goes to ERROR with Nova's NoValidHost instead of overfilling a host.
     */
    private NewInstance claim(org.hibernate.Session s, NewInstance n, List<String> alternates, HostFit.Need need,
            HostZones zones) {
        if (n.host() == null) {
            return n;
        }
        List<String> tried = new ArrayList<>();
        for (String host : concat(n.host(), alternates)) {
            Optional<String> refusal = scheduler.claim(s, host, need);
            if (refusal.isEmpty()) {
                return host.equals(n.host()) ? n : n.on(host, zones.nameOf(host));
            }
            tried.add(host + " (" + refusal.get() + ")");
        }
        LOG.info("claim of {} refused on {}: other boots took the room since they were chosen", n.uuid(), tried);
        return n.unplaced();
    }

    /**
     * The alternates a build keeps for a retry (Nova's conductor passes them on): those after the host the claim
     * took, in the scheduler's order; none when it is on no host.
     */
    private static List<String> after(String claimed, String chosen, List<String> alternates) {
        if (claimed == null) {
            return List.of();
        }
        List<String> all = concat(chosen, alternates);
        return List.copyOf(all.subList(all.indexOf(claimed) + 1, all.size()));
    }

    private static List<String> concat(String first, List<String> rest) {
        List<String> all = new ArrayList<>(List.of(first));
        all.addAll(rest);
        return all;
    }

    /** Nova's delete: allowed in any state, once; the instance's host tears it down, then its row goes. */
    public void delete(AuthContext caller, String uuid, String requestId) {
        InstanceEntity instance = queries.get(caller, uuid);
        UUID id = UUID.fromString(instance.uuid());
        InstanceLock.require(caller, instance);
        door.requireUp(instance);
        if (!instances.beginDelete(id)) {
            return;
        }
        instances.actions().start(instance.uuid(), "delete", requestId, caller,
                InstanceActions.eventOf(TaskState.DELETING).orElseThrow(), instance.host());
        if (instance.host() == null) {
            // never placed on a host (Nova's local delete): only its row is there to remove
            instances.remove(id);
            return;
        }
        try {
            compute.terminateInstance(instance.host(), instance.ref());
        } catch (RuntimeException e) {
            // not handed over: the instance must not stay "deleting" with nothing on the way; a later delete retries
            instances.failTask(id, TaskState.DELETING, 503, HostDoor.notHandedOver(instance.host(), e));
            throw new ApiException(503, HostDoor.notHandedOver(instance.host(), e) + "; retry the delete");
        }
    }

    /**
     * {@code os-stop}, {@code os-start}, {@code reboot}, {@code restore}, {@code pause}, {@code unpause},
     * {@code suspend}, {@code resume}: the task state is taken now, the host acts in the background.
     */
    public void act(AuthContext caller, String uuid, PowerAction action, String requestId) {
        act(caller, uuid, action, requestId, null);
    }

    /**
     * An action with its own Nova policy rule ({@code PROJECT_MEMBER_OR_ADMIN}), checked as Nova does: after the 404
     * of a server the caller cannot see, before the lock and the state.
     */
    public void act(AuthContext caller, String uuid, PowerAction action, String requestId, String policyRule) {
        InstanceEntity instance = queries.get(caller, uuid);
        if (policyRule != null) {
            NovaPolicy.memberOrAdmin(caller, instance.projectId(), policyRule);
        }
        InstanceLock.require(caller, instance);
        door.requireUp(instance);
        switch (instances.beginTask(UUID.fromString(uuid), action.allowedFrom(), action.taskState())) {
            case NONE -> {
            }
            case GONE -> throw ApiException.notFound("Instance " + uuid + " could not be found.");
            case BUSY -> throw ApiException.conflict("Cannot '" + action.verb() + "' instance " + uuid
                    + " while it is in task_state " + current(uuid).taskState());
            case WRONG_STATE -> throw ApiException.conflict("Cannot '" + action.verb() + "' instance " + uuid
                    + " while it is in vm_state " + current(uuid).vmState().id());
        }
        cast(caller, instance, action, requestId);
    }

    /**
     * The second half of an action whose task state the caller took: recorded as its instance action, cast to the
     * host; when the host does not take it, the task state is given back, so the caller may retry (503).
     */
    public void cast(AuthContext caller, InstanceEntity instance, PowerAction action, String requestId) {
        String uuid = instance.uuid();
        String event = InstanceActions.eventOf(action.taskState()).orElseThrow();
        instances.actions().start(uuid, action.instanceAction(), requestId, caller, event, instance.host());
        try {
            switch (action) {
                case STOP -> compute.stopInstance(instance.host(), instance.ref());
                case START -> compute.startInstance(instance.host(), instance.ref());
                case REBOOT -> compute.rebootInstance(instance.host(), instance.ref(), false);
                case HARD_REBOOT -> compute.rebootInstance(instance.host(), instance.ref(), true);
                case SOFT_DELETE -> compute.softDeleteInstance(instance.host(), instance.ref());
                case RESTORE -> compute.restoreInstance(instance.host(), instance.ref());
                case PAUSE -> compute.pauseInstance(instance.host(), instance.ref());
                case UNPAUSE -> compute.unpauseInstance(instance.host(), instance.ref());
                case SUSPEND -> compute.suspendInstance(instance.host(), instance.ref());
                case RESUME -> compute.resumeInstance(instance.host(), instance.ref());
            }
        } catch (RuntimeException e) {
            // not handed over: give the task state back, so the instance is as it was and the caller may retry
            instances.clearTask(UUID.fromString(uuid), action.taskState());
            instances.actions().finish(uuid, event, false, HostDoor.notHandedOver(instance.host(), e));
            throw new ApiException(503, HostDoor.notHandedOver(instance.host(), e) + "; retry the " + action.verb());
        }
    }

    private InstanceEntity current(String uuid) {
        return instances.find(UUID.fromString(uuid))
                .orElseThrow(() -> ApiException.notFound("Instance " + uuid + " could not be found."));
    }

    /** The console log, or its last {@code lines} (null: all of it). */
    public String consoleOutput(AuthContext caller, String uuid, Integer lines) {
        InstanceEntity instance = queries.get(caller, uuid);
        if (instance.vmState() == VmState.BUILDING || instance.host() == null) {
            throw ApiException.conflict("Instance " + uuid + " is not ready yet (it is still building).");
        }
        String output = compute.getConsoleOutput(instance.host(), instance.ref());
        if (lines == null) {
            return output;
        }
        // Nova's _tail_log: the last `lines` pieces between newlines, so the answer splits into exactly that many
        if (lines == 0) {
            return "";
        }
        String[] pieces = output.split("\n", -1);
        return String.join("\n", java.util.Arrays.copyOfRange(pieces, Math.max(0, pieces.length - lines),
                pieces.length));
    }

}

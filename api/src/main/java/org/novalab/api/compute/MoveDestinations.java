package org.novalab.api.compute;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.hibernate.Session;
import org.novalab.api.compute.InstanceEntity.FlavorCopy;
import org.novalab.api.compute.group.ServerGroupService;
import org.novalab.api.compute.host.HostFit;
import org.novalab.compute.BackendKind;
import org.novalab.compute.EncryptionChoice;
import org.novalab.compute.EncryptionNotSupported;

/**
 * Where a server that moves goes (Nova's conductor asking the scheduler for a cold migration's or a resize's
 * destination): the same filters and weighers as a boot ({@link Scheduler}) for the server's flavor after the move
 * and its root disk's backend and encryption, so a LUKS disk moves only to a host that reports the LUKS trait, and
 * its server groups' policies over where their other members are (an anti-affinity member never lands beside
 * another). The claim is made in the transaction that records the migration: the destination's compute node row locked, what it
 * has left counted again with the moves already under way to it.
 */
public final class MoveDestinations {
    private final Scheduler scheduler;
    private final ServerGroupService groups;

    MoveDestinations(Scheduler scheduler, ServerGroupService groups) {
        this.scheduler = scheduler;
        this.groups = groups;
    }

    /** Which hosts may take the move, and which the caller asked for (Nova's {@code host} of 2.56). */
    public record Ask(Optional<String> host, boolean sameHostAllowed) {
    }

    /**
     * The hosts the server may move to, best first (at most the scheduler's chosen host and two alternates); empty
     * when none passes (a host with room that cannot encrypt the disk does not). The server's own host is among
     * them only when {@code ask} allows it.
     */
    public List<String> candidates(InstanceEntity i, FlavorCopy flavor, Ask ask) {
        BackendKind backend = BackendKind.valueOf(i.backend());
        EncryptionChoice encryption = i.rootDisk().map(RootDisk::encryption).orElse(EncryptionChoice.NONE);
        HostPlacement where = HostPlacement.filter(h -> (ask.sameHostAllowed() || !h.equals(i.host()))
                && ask.host().map(h::equals).orElse(true)).and(groups.forMove(i.uuid()));
        try {
            // the image's properties are not asked again: the server runs, on a host that supported them
            return scheduler.select(backend, encryption, need(flavor, backend), Map.of(), where, Map.of());
        } catch (NoValidHost | EncryptionNotSupported none) {
            return List.of();
        }
    }

    /**
     * The claim, in the transaction {@code s} that records the migration: the first candidate whose compute node,
     * locked now, still has room for the flavor (the server's own host needs none: it already holds the server).
     *
     * @return the destination, or empty when other work took the room of every candidate since they were chosen
     */
    public Optional<String> claim(Session s, InstanceEntity i, FlavorCopy flavor, List<String> candidates) {
        scheduler.lockForClaims(s, candidates);
        HostFit.Need need = need(flavor, BackendKind.valueOf(i.backend()));
        return candidates.stream().filter(host -> host.equals(i.host()) || scheduler.claim(s, host, need).isEmpty())
                .findFirst();
    }

    /** What the server takes of a host with {@code flavor}: its root disk on Rbd is not the host's disk. */
    static HostFit.Need need(FlavorCopy flavor, BackendKind backend) {
        return HostFit.Need.of(flavor.vcpus(), flavor.ramMb(), flavor.rootGb(), flavor.ephemeralGb(), flavor.swapMb(),
                backend);
    }
}

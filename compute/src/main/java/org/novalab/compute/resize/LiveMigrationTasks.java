package org.novalab.compute.resize;

import java.nio.file.Path;
import org.novalab.compute.VirtDriver;
import org.novalab.compute.rpc.ComputeApi;
import org.novalab.compute.state.PowerState;
import org.novalab.compute.state.TaskState;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The live migration part of one compute host's manager (Nova's {@code live_migration}, {@code pre_live_migration},
 * {@code post_live_migration} and their rollback), a block migration of the instance's file disk: the source pauses
 * the guest, sends its disk, libvirt.xml and secret.xml to the destination as a cold move does, and asks the
 * destination to take over; the destination puts them on its own paths, defines the disk's libvirt secret from the key
 * manager, then the domain, and runs the guest; then the database names the destination and the source's domain,
 * secret and files go. Any failure before the switch withdraws what the destination made and lets the guest carry on
 * here. The server stays in task {@code migrating} throughout, ACTIVE (or PAUSED); the caller holds the instance's
 * lock.
 */
public final class LiveMigrationTasks {
    private static final Logger LOG = LoggerFactory.getLogger(LiveMigrationTasks.class);

    private final VirtDriver driver;
    private final ResizeStore store;
    private final ComputeApi peers;

    public LiveMigrationTasks(VirtDriver driver, ResizeStore store, ComputeApi peers) {
        this.driver = driver;
        this.store = store;
        this.peers = peers;
    }

    /** On the source, from the API's {@code accepted} through {@code preparing} and {@code running} to done. */
    public void migrate(ResizeRequest r) {
        ResizeRequest.Move move = r.move().orElseThrow(() -> new IllegalArgumentException(
                "a live migration names the host it goes to"));
        if (!store.advance(r, TaskState.MIGRATING, TaskState.MIGRATING, "preparing")) {
            LOG.info("instance {} is no longer waiting to be live-migrated (deleted meanwhile)", r.uuid());
            return;
        }
        InstanceMover.LiveDeparture departure;
        try {
            departure = driver.leaveLive(r);
        } catch (RuntimeException e) {
            LOG.warn("live migration of instance {} to {} refused: {}", r.uuid(), move.destination(),
                    ResizeTasks.messageOf(e));
            store.liveMigrationFailed(r, ResizeTasks.messageOf(e));
            return;
        }
        PowerState power;
        try {
            long sent = 0;
            for (Path f : departure.files()) {
                sent += ResizeTasks.send(peers, move.destination(), r, f);
            }
            if (!store.advance(r, TaskState.MIGRATING, TaskState.MIGRATING, "running")) {
                giveUp(r, move, departure, "deleted while its disk was copied");
                return;
            }
            LOG.info("sent instance {} to {} for its live migration: {} bytes", r.uuid(), move.destination(), sent);
            power = peers.postLiveMigrationAtDestination(move.destination(), r, departure.wasPaused());
        } catch (RuntimeException e) {
            String why = "Live migration to " + move.destination() + " failed: " + ResizeTasks.messageOf(e);
            giveUp(r, move, departure, why);
            store.liveMigrationFailed(r, why);
            return;
        }
        if (!store.liveMigrated(r, power)) {
            // deleted meanwhile: the delete goes to this host, so the destination's copy is the one to withdraw
            giveUp(r, move, departure, "deleted while it was live-migrated");
            return;
        }
        ResizeTasks.quietly(() -> driver.forgetLiveSource(r.uuid()));
        LOG.info("instance {} live-migrated from {} to {}", r.uuid(), move.source(), move.destination());
    }

    /** The destination's copy withdrawn and the guest here carrying on as it was. */
    private void giveUp(ResizeRequest r, ResizeRequest.Move move, InstanceMover.LiveDeparture departure, String why) {
        LOG.warn("live migration of instance {}: {}; it stays on {}", r.uuid(), why, move.source());
        ResizeTasks.quietly(() -> peers.rollbackLiveMigrationAtDestination(move.destination(), r.uuid()));
        ResizeTasks.quietly(() -> driver.stayLive(r.uuid(), departure.wasPaused()));
    }

    /** On the destination: the files that arrived run here; a failure removes what it made here. */
    public PowerState arrive(ResizeRequest r, boolean paused) {
        return driver.arriveLive(r, paused);
    }

    /** On the destination of a live migration that did not happen: its domain, libvirt secret and files go. */
    public void withdraw(java.util.UUID instance) {
        driver.withdrawMigration(instance);
    }
}

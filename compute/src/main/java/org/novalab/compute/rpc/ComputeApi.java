package org.novalab.compute.rpc;

import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.novalab.compute.HostCapabilities;
import org.novalab.compute.RebuildRequest;
import org.novalab.compute.SpawnRequest;
import org.novalab.compute.hypervisor.DomainStats;
import org.novalab.compute.inspect.InstanceEvidence;
import org.novalab.compute.inspect.InstanceSummary;
import org.novalab.compute.rescue.RescueRequest;
import org.novalab.compute.resize.ResizeRequest;
import org.novalab.compute.secret.SecretDefinition;
import org.novalab.compute.snapshot.SnapshotRequest;
import org.novalab.compute.state.PowerState;
import org.novalab.compute.virsh.DomainRow;
import org.novalab.disk.Passphrase;

/**
 * The one door to the compute hosts (Nova's {@code nova.compute.rpcapi.ComputeAPI}): every call names the host it
 * is for and carries plain values, so a message bus can carry it. Casts return at once and their outcome lands in
 * the instances table (the host records it through its {@code InstanceStore}); calls answer.
 */
public interface ComputeApi {
    // ---- instances (casts) ----

    /** Nova's {@code build_and_run_instance}: the instance is in task_state scheduling. */
    void buildAndRunInstance(String host, SpawnRequest request);

    /** Nova's {@code rebuild_instance}: the instance is in task_state rebuilding. */
    void rebuildInstance(String host, RebuildRequest request);

    /** Nova's {@code prep_resize} on the instance's own host: the instance is in task_state resize_prep. */
    void resizeInstance(String host, ResizeRequest request);

    /** Nova's {@code confirm_resize}: the resized instance's migration is confirming. */
    void confirmResize(String host, ResizeRequest request);

    /** Nova's {@code revert_resize}: the instance is in task_state resize_reverting. */
    void revertResize(String host, ResizeRequest request);

    /** Nova's {@code finish_resize}, the source to the destination of a move: its files have arrived there. */
    void finishResize(String host, ResizeRequest request);

    /**
     * Nova's {@code finish_revert_resize}, the destination to the source of a move it has withdrawn: reverted, or
     * failed to finish with {@code fault}.
     */
    void finishRevertResize(String host, ResizeRequest request, java.util.Optional<String> fault);

    /**
     * A call, the source to the destination of a move: {@code data} is written at {@code offset} of the moving
     * instance's {@code file} ({@code disk}, {@code secret.xml}, {@code libvirt.xml}). The passphrase never
     * travels: only the secret's uuid, which the destination opens in the key manager.
     */
    void receiveMigrationFile(String host, UUID instance, String file, long offset, byte[] data);

    /**
     * Nova's {@code live_migration} on the instance's own host, the source (a cast): the instance is in task_state
     * migrating, its migration {@code accepted} and naming the destination the scheduler claimed.
     */
    void liveMigration(String host, ResizeRequest request);

    /**
     * A call, the source to the destination of a live migration once the files arrived (Nova's
     * {@code pre_live_migration} and {@code post_live_migration_at_destination}): the instance defined, with its
     * disk's libvirt secret, and running there (paused when {@code paused}); returns its power state there.
     */
    PowerState postLiveMigrationAtDestination(String host, ResizeRequest request, boolean paused);

    /** A call, Nova's {@code rollback_live_migration_at_destination}: what the destination made of it goes. */
    void rollbackLiveMigrationAtDestination(String host, UUID instance);

    /** Nova's {@code stop_instance}: the instance is in task_state powering-off. */
    void stopInstance(String host, InstanceRef instance);

    void startInstance(String host, InstanceRef instance);

    /** Nova's {@code reboot_instance}: task_state rebooting, or rebooting_hard for a {@code hard} one. */
    void rebootInstance(String host, InstanceRef instance, boolean hard);

    /** Nova's {@code soft_delete_instance}: the instance is in task_state soft-deleting. */
    void softDeleteInstance(String host, InstanceRef instance);

    /** Nova's {@code restore_instance}: the instance is in task_state restoring. */
    void restoreInstance(String host, InstanceRef instance);

    /** Nova's {@code pause_instance}: the instance is in task_state pausing. */
    void pauseInstance(String host, InstanceRef instance);

    /** Nova's {@code unpause_instance}: the instance is in task_state unpausing. */
    void unpauseInstance(String host, InstanceRef instance);

    /** Nova's {@code suspend_instance}: the instance is in task_state suspending. */
    void suspendInstance(String host, InstanceRef instance);

    /** Nova's {@code resume_instance}: the instance is in task_state resuming. */
    void resumeInstance(String host, InstanceRef instance);

    /** Nova's {@code rescue_instance}: the instance is in task_state rescuing. */
    void rescueInstance(String host, RescueRequest request);

    /** Nova's {@code unrescue_instance}: the instance is in task_state unrescuing. */
    void unrescueInstance(String host, InstanceRef instance);
    /**
     * Nova's {@code snapshot_instance} / {@code backup_instance}: the instance is in task_state
     * image_snapshot_pending or image_backup, its queued image made.
     */
    void snapshotInstance(String host, SnapshotRequest request);

    /** Nova's {@code shelve_instance} (a cast): the instance is in task_state shelving. */
    void shelveInstance(String host, org.novalab.compute.shelve.ShelveRequest request);

    /** Nova's {@code shelve_offload_instance} (a cast): the shelved instance is in task_state shelving_offloading. */
    void shelveOffloadInstance(String host, InstanceRef instance);

    /** Nova's {@code unshelve_instance} (a cast): the instance is in task_state unshelving. */
    void unshelveInstance(String host, org.novalab.compute.shelve.UnshelveRequest request);

    /** Nova's {@code terminate_instance}: the instance is in task_state deleting; its row goes when it is gone. */
    void terminateInstance(String host, InstanceRef instance);

    // ---- instances (calls) ----

    String getConsoleOutput(String host, InstanceRef instance);

    /**
     * Nova's {@code attach_volume} (a call): the volume's disk goes into the instance's domain at {@code device} or
     * the next free virtio target, live when the guest runs, into the persistent definition only when it is
     * stopped; returns the target ({@code vdb}). A hotplug QEMU refuses (a key that unlocks nothing) is thrown as
     * the hypervisor's error and leaves the domain and the host's secrets as they were.
     */
    String attachVolume(String host, InstanceRef instance, org.novalab.compute.attach.VolumeConnection volume,
                        java.util.Optional<String> device);

    /** Nova's {@code detach_volume} (a call): the disk leaves the domain, its libvirt secret goes, its key stays. */
    void detachVolume(String host, InstanceRef instance, String volumeId);

    /**
     * Nova's {@code set_admin_password}, a call (task_state updating_password, cleared whatever the answer); a
     * refusal is thrown as {@code PasswordNotSet}. The caller still closes {@code password}.
     */
    void setAdminPassword(String host, InstanceRef instance, Map<String, String> imageProperties,
                          Passphrase password);

    /** Nova's {@code get_diagnostics}: the running domain's counters (plain values). */
    DomainStats getDiagnostics(String host, InstanceRef instance);

    /** What the host can encrypt, for scheduling. */
    HostCapabilities getCapabilities(String host);

    /** Nova's {@code get_host_uptime}: what {@code uptime} prints on the host; empty when it cannot tell. */
    String getHostUptime(String host);

    // ---- the host's hypervisor by hand: virsh ----

    List<DomainRow> listDomains(String host);

    String dumpDomainXml(String host, String domain);

    /** Returns the domain's name. */
    String defineDomain(String host, String domainXml);

    PowerState startDomain(String host, String domain);

    PowerState destroyDomain(String host, String domain);

    void undefineDomain(String host, String domain);

    List<SecretDefinition> listSecrets(String host);

    /** Returns the secret's uuid. */
    UUID defineSecret(String host, String secretXml);

    /** The value goes to the host's secret store; the caller still closes {@code value}. */
    void setSecretValue(String host, UUID secret, Passphrase value);

    void undefineSecret(String host, UUID secret);

    // ---- what an operator sees on the host: the classroom ----

    List<InstanceSummary> listInstanceDirectories(String host);

    InstanceEvidence describeInstance(String host, UUID instance);
}

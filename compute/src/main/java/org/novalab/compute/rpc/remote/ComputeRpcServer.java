package org.novalab.compute.rpc.remote;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.RejectedExecutionException;
import org.novalab.compute.RebuildRequest;
import org.novalab.compute.SpawnRequest;
import org.novalab.compute.attach.VolumeConnection;
import org.novalab.compute.rescue.RescueRequest;
import org.novalab.compute.resize.ResizeRequest;
import org.novalab.compute.rpc.ComputeApi;
import org.novalab.compute.rpc.InstanceRef;
import org.novalab.compute.rpc.bus.Message;
import org.novalab.compute.rpc.bus.MessageBus;
import org.novalab.compute.shelve.ShelveRequest;
import org.novalab.compute.shelve.UnshelveRequest;
import org.novalab.compute.snapshot.SnapshotRequest;
import org.novalab.disk.Passphrase;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

/**
 * The RPC server of compute hosts (Nova's {@code ComputeManager} behind its {@code oslo.messaging} dispatcher): for
 * each host it consumes {@code compute.<host>} and runs every message on the host's door in this process
 * ({@code LocalComputeApi}), with the sender's log context. A call's outcome is its answer, its error included with
 * its type; a cast is handed to the host's workers, and a full work queue is refused
 * ({@link RejectedExecutionException}) so the bus keeps the message. Nothing of a message's arguments is logged.
 */
public final class ComputeRpcServer implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(ComputeRpcServer.class);

    private final ComputeApi local;
    private final PassphraseSeal seal;
    private final List<MessageBus.Subscription> subscriptions = new ArrayList<>();

    private ComputeRpcServer(ComputeApi local, PassphraseSeal seal) {
        this.local = local;
        this.seal = seal;
    }

    /** Starts serving {@code hosts} (each of which {@code local} runs) on {@code bus}. */
    public static ComputeRpcServer serve(MessageBus bus, ComputeApi local, List<String> hosts, PassphraseSeal seal) {
        ComputeRpcServer server = new ComputeRpcServer(local, seal);
        try {
            for (String host : hosts) {
                server.subscriptions.add(bus.consume(ComputeWire.topic(host), (m, kind) -> server.handle(host, m,
                        kind)));
            }
        } catch (RuntimeException e) {
            server.close();
            throw e;
        }
        return server;
    }

    private byte[] handle(String host, Message message, MessageBus.Kind kind) {
        ComputeWire.Envelope e = ComputeWire.envelope(message.body());
        Map<String, String> previous = MDC.getCopyOfContextMap();
        MDC.setContextMap(e.context());
        try {
            if (kind == MessageBus.Kind.CALL) {
                try {
                    return ComputeWire.result(call(host, e));
                } catch (RuntimeException failure) {
                    if (failure.getClass().getName().startsWith("org.novalab.")) {
                        LOG.debug("{} on {} answered {}", e.method(), host, failure.getClass().getSimpleName());
                    } else {
                        // the caller gets no words of it (RemoteErrors): the cause stays here, in the host's log
                        LOG.warn("{} on {} failed unexpectedly", e.method(), host, failure);
                    }
                    return ComputeWire.error(failure);
                }
            }
            cast(host, e);
            return null;
        } finally {
            if (previous == null) {
                MDC.clear();
            } else {
                MDC.setContextMap(previous);
            }
        }
    }

    private void cast(String host, ComputeWire.Envelope e) {
        switch (e.method()) {
            case "build_and_run_instance" -> local.buildAndRunInstance(host, ComputeWire.arg(e, "request",
                    SpawnRequest.class));
            case "rebuild_instance" -> local.rebuildInstance(host, ComputeWire.arg(e, "request",
                    RebuildRequest.class));
            case "prep_resize" -> local.resizeInstance(host, ComputeWire.arg(e, "request", ResizeRequest.class));
            case "confirm_resize" -> local.confirmResize(host, ComputeWire.arg(e, "request", ResizeRequest.class));
            case "revert_resize" -> local.revertResize(host, ComputeWire.arg(e, "request", ResizeRequest.class));
            case "finish_resize" -> local.finishResize(host, ComputeWire.arg(e, "request", ResizeRequest.class));
            case "finish_revert_resize" -> local.finishRevertResize(host, ComputeWire.arg(e, "request",
                    ResizeRequest.class), Optional.ofNullable(ComputeWire.arg(e, "fault", String.class)));
            case "live_migration" -> local.liveMigration(host, ComputeWire.arg(e, "request", ResizeRequest.class));
            case "stop_instance" -> local.stopInstance(host, instance(e));
            case "start_instance" -> local.startInstance(host, instance(e));
            case "reboot_instance" -> local.rebootInstance(host, instance(e),
                    "HARD".equals(ComputeWire.arg(e, "reboot_type", String.class)));
            case "soft_delete_instance" -> local.softDeleteInstance(host, instance(e));
            case "restore_instance" -> local.restoreInstance(host, instance(e));
            case "pause_instance" -> local.pauseInstance(host, instance(e));
            case "unpause_instance" -> local.unpauseInstance(host, instance(e));
            case "suspend_instance" -> local.suspendInstance(host, instance(e));
            case "resume_instance" -> local.resumeInstance(host, instance(e));
            case "rescue_instance" -> local.rescueInstance(host, ComputeWire.arg(e, "request",
                    RescueRequest.class));
            case "unrescue_instance" -> local.unrescueInstance(host, instance(e));
            case "snapshot_instance" -> local.snapshotInstance(host, ComputeWire.arg(e, "request",
                    SnapshotRequest.class));
            case "shelve_instance" -> local.shelveInstance(host, ComputeWire.arg(e, "request",
                    ShelveRequest.class));
            case "shelve_offload_instance" -> local.shelveOffloadInstance(host, instance(e));
            case "unshelve_instance" -> local.unshelveInstance(host, ComputeWire.arg(e, "request",
                    UnshelveRequest.class));
            case "terminate_instance" -> local.terminateInstance(host, instance(e));
            default -> throw new IllegalArgumentException("compute host " + host + " has no cast " + e.method());
        }
    }

    private Object call(String host, ComputeWire.Envelope e) {
        switch (e.method()) {
            case "get_console_output":
                return local.getConsoleOutput(host, instance(e));
            case "set_admin_password":
                try (Passphrase p = seal.open(ComputeWire.arg(e, "new_pass", String.class), e.method())) {
                    @SuppressWarnings("unchecked")
                    Map<String, String> props = ComputeWire.arg(e, "image_properties", Map.class);
                    local.setAdminPassword(host, instance(e), props, p);
                }
                return null;
            case "attach_volume":
                return local.attachVolume(host, instance(e), ComputeWire.arg(e, "connection", VolumeConnection.class),
                        Optional.ofNullable(ComputeWire.arg(e, "device", String.class)));
            case "detach_volume":
                local.detachVolume(host, instance(e), ComputeWire.arg(e, "volume_id", String.class));
                return null;
            case "receive_migration_file":
                local.receiveMigrationFile(host, ComputeWire.arg(e, "instance", UUID.class),
                        ComputeWire.arg(e, "file", String.class), ComputeWire.arg(e, "offset", Long.class),
                        ComputeWire.arg(e, "data", byte[].class));
                return null;
            case "post_live_migration_at_destination":
                return local.postLiveMigrationAtDestination(host, ComputeWire.arg(e, "request", ResizeRequest.class),
                        ComputeWire.arg(e, "paused", Boolean.class));
            case "rollback_live_migration_at_destination":
                local.rollbackLiveMigrationAtDestination(host, ComputeWire.arg(e, "instance", UUID.class));
                return null;
            case "get_diagnostics":
                return local.getDiagnostics(host, instance(e));
            case "get_capabilities":
                return local.getCapabilities(host);
            case "get_host_uptime":
                return local.getHostUptime(host);
            case "list_domains":
                return local.listDomains(host);
            case "dump_domain_xml":
                return local.dumpDomainXml(host, ComputeWire.arg(e, "domain", String.class));
            case "define_domain":
                return local.defineDomain(host, ComputeWire.arg(e, "xml", String.class));
            case "start_domain":
                return local.startDomain(host, ComputeWire.arg(e, "domain", String.class));
            case "destroy_domain":
                return local.destroyDomain(host, ComputeWire.arg(e, "domain", String.class));
            case "undefine_domain":
                local.undefineDomain(host, ComputeWire.arg(e, "domain", String.class));
                return null;
            case "list_secrets":
                return local.listSecrets(host);
            case "define_secret":
                return local.defineSecret(host, ComputeWire.arg(e, "xml", String.class));
            case "set_secret_value":
                try (Passphrase p = seal.open(ComputeWire.arg(e, "value", String.class), e.method())) {
                    local.setSecretValue(host, ComputeWire.arg(e, "secret", UUID.class), p);
                }
                return null;
            case "undefine_secret":
                local.undefineSecret(host, ComputeWire.arg(e, "secret", UUID.class));
                return null;
            case "list_instance_directories":
                return local.listInstanceDirectories(host);
            case "describe_instance":
                return local.describeInstance(host, ComputeWire.arg(e, "instance", UUID.class));
            default:
                throw new IllegalArgumentException("compute host " + host + " has no call " + e.method());
        }
    }

    private static InstanceRef instance(ComputeWire.Envelope e) {
        return ComputeWire.arg(e, "instance", InstanceRef.class);
    }

    /** Stops consuming; what the hosts' workers run goes on until the door closes. */
    @Override
    public void close() {
        for (MessageBus.Subscription s : subscriptions) {
            try {
                s.close();
            } catch (RuntimeException e) {
                LOG.warn("stopping a compute RPC consumer: {}", e.toString());
            }
        }
        subscriptions.clear();
    }
}

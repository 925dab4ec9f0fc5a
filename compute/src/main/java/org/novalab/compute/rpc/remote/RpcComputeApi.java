package org.novalab.compute.rpc.remote;

import com.fasterxml.jackson.databind.JavaType;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.novalab.compute.HostCapabilities;
import org.novalab.compute.RebuildRequest;
import org.novalab.compute.SpawnRequest;
import org.novalab.compute.attach.VolumeConnection;
import org.novalab.compute.hypervisor.DomainStats;
import org.novalab.compute.inspect.InstanceEvidence;
import org.novalab.compute.inspect.InstanceSummary;
import org.novalab.compute.rescue.RescueRequest;
import org.novalab.compute.resize.ResizeRequest;
import org.novalab.compute.rpc.ComputeApi;
import org.novalab.compute.rpc.InstanceRef;
import org.novalab.compute.rpc.NoSuchHost;
import org.novalab.compute.rpc.bus.Message;
import org.novalab.compute.rpc.bus.MessageBus;
import org.novalab.compute.rpc.bus.NoConsumer;
import org.novalab.compute.secret.SecretDefinition;
import org.novalab.compute.shelve.ShelveRequest;
import org.novalab.compute.shelve.UnshelveRequest;
import org.novalab.compute.snapshot.SnapshotRequest;
import org.novalab.compute.state.PowerState;
import org.novalab.compute.virsh.DomainRow;
import org.novalab.disk.Passphrase;
import org.slf4j.MDC;

/**
 * The door to the compute hosts over a {@link MessageBus} (Nova's {@code nova.compute.rpcapi}): every method is one
 * message to {@code compute.<host>}, a cast where Nova casts and a call, waiting {@code rpc_response_timeout}, where
 * Nova calls. The caller's log context (the API request's id) travels in the envelope. A host nobody serves is
 * {@link NoSuchHost}, as from the door in-process; a host that answers an error throws it with its own type.
 */
public final class RpcComputeApi implements ComputeApi {
    private final MessageBus bus;
    private final PassphraseSeal seal;
    private final Duration timeout;

    public RpcComputeApi(MessageBus bus, PassphraseSeal seal, Duration rpcResponseTimeout) {
        this.bus = bus;
        this.seal = seal;
        this.timeout = rpcResponseTimeout;
    }

    // ---- casts ----

    @Override
    public void buildAndRunInstance(String host, SpawnRequest request) {
        cast(host, "build_and_run_instance", "request", request);
    }

    @Override
    public void rebuildInstance(String host, RebuildRequest request) {
        cast(host, "rebuild_instance", "request", request);
    }

    @Override
    public void resizeInstance(String host, ResizeRequest request) {
        cast(host, "prep_resize", "request", request);
    }

    @Override
    public void confirmResize(String host, ResizeRequest request) {
        cast(host, "confirm_resize", "request", request);
    }

    @Override
    public void revertResize(String host, ResizeRequest request) {
        cast(host, "revert_resize", "request", request);
    }

    @Override
    public void finishResize(String host, ResizeRequest request) {
        cast(host, "finish_resize", "request", request);
    }

    @Override
    public void finishRevertResize(String host, ResizeRequest request, java.util.Optional<String> fault) {
        cast(host, "finish_revert_resize", "request", request, "fault", fault.orElse(null));
    }

    @Override
    public void receiveMigrationFile(String host, UUID instance, String file, long offset, byte[] data) {
        call(host, "receive_migration_file", Void.class, "instance", instance, "file", file, "offset", offset,
                "data", data);
    }

    @Override
    public void liveMigration(String host, ResizeRequest request) {
        cast(host, "live_migration", "request", request);
    }

    @Override
    public PowerState postLiveMigrationAtDestination(String host, ResizeRequest request, boolean paused) {
        return call(host, "post_live_migration_at_destination", PowerState.class, "request", request, "paused",
                paused);
    }

    @Override
    public void rollbackLiveMigrationAtDestination(String host, UUID instance) {
        call(host, "rollback_live_migration_at_destination", Void.class, "instance", instance);
    }

    @Override
    public void stopInstance(String host, InstanceRef instance) {
        cast(host, "stop_instance", "instance", instance);
    }

    @Override
    public void startInstance(String host, InstanceRef instance) {
        cast(host, "start_instance", "instance", instance);
    }

    @Override
    public void rebootInstance(String host, InstanceRef instance, boolean hard) {
        cast(host, "reboot_instance", "instance", instance, "reboot_type", hard ? "HARD" : "SOFT");
    }

    @Override
    public void softDeleteInstance(String host, InstanceRef instance) {
        cast(host, "soft_delete_instance", "instance", instance);
    }

    @Override
    public void restoreInstance(String host, InstanceRef instance) {
        cast(host, "restore_instance", "instance", instance);
    }

    @Override
    public void pauseInstance(String host, InstanceRef instance) {
        cast(host, "pause_instance", "instance", instance);
    }

    @Override
    public void unpauseInstance(String host, InstanceRef instance) {
        cast(host, "unpause_instance", "instance", instance);
    }

    @Override
    public void suspendInstance(String host, InstanceRef instance) {
        cast(host, "suspend_instance", "instance", instance);
    }

    @Override
    public void resumeInstance(String host, InstanceRef instance) {
        cast(host, "resume_instance", "instance", instance);
    }

    @Override
    public void rescueInstance(String host, RescueRequest request) {
        cast(host, "rescue_instance", "request", request);
    }

    @Override
    public void unrescueInstance(String host, InstanceRef instance) {
        cast(host, "unrescue_instance", "instance", instance);
    }

    @Override
    public void snapshotInstance(String host, SnapshotRequest request) {
        cast(host, "snapshot_instance", "request", request);
    }

    @Override
    public void shelveInstance(String host, ShelveRequest request) {
        cast(host, "shelve_instance", "request", request);
    }

    @Override
    public void shelveOffloadInstance(String host, InstanceRef instance) {
        cast(host, "shelve_offload_instance", "instance", instance);
    }

    @Override
    public void unshelveInstance(String host, UnshelveRequest request) {
        cast(host, "unshelve_instance", "request", request);
    }

    @Override
    public void terminateInstance(String host, InstanceRef instance) {
        cast(host, "terminate_instance", "instance", instance);
    }

    // ---- calls ----

    @Override
    public String getConsoleOutput(String host, InstanceRef instance) {
        return call(host, "get_console_output", String.class, "instance", instance);
    }

    @Override
    public void setAdminPassword(String host, InstanceRef instance, Map<String, String> imageProperties,
                                 Passphrase password) {
        call(host, "set_admin_password", Void.class, "instance", instance, "image_properties", imageProperties,
                "new_pass", seal.seal(password, "set_admin_password"));
    }

    @Override
    public String attachVolume(String host, InstanceRef instance, VolumeConnection volume, Optional<String> device) {
        return call(host, "attach_volume", String.class, "instance", instance, "connection", volume, "device",
                device.orElse(null));
    }

    @Override
    public void detachVolume(String host, InstanceRef instance, String volumeId) {
        call(host, "detach_volume", Void.class, "instance", instance, "volume_id", volumeId);
    }

    @Override
    public DomainStats getDiagnostics(String host, InstanceRef instance) {
        return call(host, "get_diagnostics", DomainStats.class, "instance", instance);
    }

    @Override
    public HostCapabilities getCapabilities(String host) {
        return call(host, "get_capabilities", HostCapabilities.class);
    }

    @Override
    public String getHostUptime(String host) {
        return call(host, "get_host_uptime", String.class);
    }

    @Override
    public List<DomainRow> listDomains(String host) {
        return call(host, "list_domains", list(DomainRow.class));
    }

    @Override
    public String dumpDomainXml(String host, String domain) {
        return call(host, "dump_domain_xml", String.class, "domain", domain);
    }

    @Override
    public String defineDomain(String host, String domainXml) {
        return call(host, "define_domain", String.class, "xml", domainXml);
    }

    @Override
    public PowerState startDomain(String host, String domain) {
        return call(host, "start_domain", PowerState.class, "domain", domain);
    }

    @Override
    public PowerState destroyDomain(String host, String domain) {
        return call(host, "destroy_domain", PowerState.class, "domain", domain);
    }

    @Override
    public void undefineDomain(String host, String domain) {
        call(host, "undefine_domain", Void.class, "domain", domain);
    }

    @Override
    public List<SecretDefinition> listSecrets(String host) {
        return call(host, "list_secrets", list(SecretDefinition.class));
    }

    @Override
    public UUID defineSecret(String host, String secretXml) {
        return call(host, "define_secret", UUID.class, "xml", secretXml);
    }

    @Override
    public void setSecretValue(String host, UUID secret, Passphrase value) {
        call(host, "set_secret_value", Void.class, "secret", secret, "value", seal.seal(value, "set_secret_value"));
    }

    @Override
    public void undefineSecret(String host, UUID secret) {
        call(host, "undefine_secret", Void.class, "secret", secret);
    }

    @Override
    public List<InstanceSummary> listInstanceDirectories(String host) {
        return call(host, "list_instance_directories", list(InstanceSummary.class));
    }

    @Override
    public InstanceEvidence describeInstance(String host, UUID instance) {
        return call(host, "describe_instance", InstanceEvidence.class, "instance", instance);
    }

    // ---- the messages ----

    private void cast(String host, String method, Object... args) {
        byte[] body = ComputeWire.request(method, context(), pairs(args));
        try {
            bus.cast(ComputeWire.topic(host), Message.of(body));
        } catch (NoConsumer e) {
            throw new NoSuchHost(host);
        }
    }

    private <T> T call(String host, String method, Class<T> type, Object... args) {
        return call(host, method, ComputeWire.JSON.constructType(type), args);
    }

    private <T> T call(String host, String method, JavaType type, Object... args) {
        byte[] body = ComputeWire.request(method, context(), pairs(args));
        byte[] answer;
        try {
            answer = bus.call(ComputeWire.topic(host), Message.of(body), timeout);
        } catch (NoConsumer e) {
            throw new NoSuchHost(host);
        }
        return ComputeWire.answer(answer, type, host);
    }

    private static JavaType list(Class<?> element) {
        return ComputeWire.JSON.getTypeFactory().constructCollectionType(List.class, element);
    }

    private static Map<String, String> context() {
        Map<String, String> mdc = MDC.getCopyOfContextMap();
        return mdc == null ? Map.of() : mdc;
    }

    private static Map<String, Object> pairs(Object... kv) {
        Map<String, Object> args = new LinkedHashMap<>();
        for (int i = 0; i < kv.length; i += 2) {
            args.put((String) kv[i], kv[i + 1]);
        }
        return args;
    }
}

package org.novalab.api.server;

import java.security.SecureRandom;
import java.time.Clock;
import javax.crypto.SecretKey;
import org.novalab.api.compute.host.RegisteredComputeHosts;
import org.novalab.api.keys.HibernateSecretStore;
import org.novalab.compute.rpc.ComputeHosts;
import org.novalab.compute.rpc.bus.MessageBus;
import org.novalab.compute.rpc.bus.MessageBuses;
import org.novalab.compute.rpc.remote.PassphraseSeal;
import org.novalab.compute.rpc.remote.RpcComputeApi;
import org.novalab.compute.snapshot.ImageKeys;
import org.novalab.keys.EmbeddedKeyManager;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The api role's compute ({@code [novalab] local_compute = false}): no host in this process. The door is the bus
 * to {@code compute.<host>} over RabbitMQ, and the hosts are the {@code nova-compute} services that registered in
 * the shared database and beat ({@link RegisteredComputeHosts}): {@code novalab compute} processes. A passphrase
 * argument is sealed under the deployment's master key, which every compute service opens from the same file.
 */
public final class RemoteComputeServices implements ComputeServices {
    private static final Logger LOG = LoggerFactory.getLogger(RemoteComputeServices.class);

    @Override
    public boolean runsLocalCompute() {
        return false;
    }

    @Override
    public Running start(Context context) {
        ServerConfig config = context.config();
        ServerConfig.Messaging messaging = config.messaging();
        SecureRandom random = new SecureRandom();
        SecretKey master = LibvirtComputeServices.masterKey(config, random);
        PassphraseSeal seal = PassphraseSeal.fromMasterKey(master, random);
        // images are deleted here, not on a compute host: an encrypted snapshot's key goes with its image here too
        ImageKeys imageKeys = new ImageKeys(new EmbeddedKeyManager(master, new HibernateSecretStore(context.db()),
                random, Clock.systemUTC()));
        context.images().onDelete(imageKeys::forget);
        MessageBus bus = MessageBuses.open(messaging.transportUrl(), messaging.rabbit(), "novalab-api:" + config.host(),
                messaging.rpcResponseTimeout());
        LOG.info("api role: no compute host here; compute RPC over {} to the compute services registered in the "
                + "database", bus.describe());
        RpcComputeApi api = new RpcComputeApi(bus, seal, messaging.rpcResponseTimeout());
        ComputeHosts registered = new RegisteredComputeHosts(context.db(), Clock.systemUTC(),
                context.config().serviceGroup());
        return Running.remote(api, registered, bus);
    }
}

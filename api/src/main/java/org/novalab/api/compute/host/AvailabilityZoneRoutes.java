package org.novalab.api.compute.host;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SortedSet;
import java.util.TreeSet;
import org.novalab.api.compute.AvailabilityZone;
import org.novalab.api.compute.NovaPolicy;
import org.novalab.api.compute.NovaTime;
import org.novalab.api.compute.aggregate.AvailabilityZones;
import org.novalab.api.compute.aggregate.HostZones;
import org.novalab.api.http.Blocking;
import org.novalab.api.http.Reply;
import org.novalab.api.identity.AuthContext;
import org.novalab.api.identity.AuthFilter;

/**
 * {@code /os-availability-zone}: the zones of the enabled services (available) and of the only-disabled ones (not),
 * each list in name order, the internal zone of the non-compute services left out; {@code /detail} (admin) adds
 * each available zone's hosts and their enabled services, up or not, and shows the internal zone too. A compute
 * host's zone is the one its aggregates give it ({@link AvailabilityZones}); an aggregate's zone with no host in it
 * is no zone yet.
 */
public final class AvailabilityZoneRoutes {
    private static final String POLICY = "os_compute_api:os-availability-zone:";
    private final ServiceRegistry services;
    private final AvailabilityZones zones;
    private final Blocking blocking;

    public AvailabilityZoneRoutes(ServiceRegistry services, AvailabilityZones zones, Blocking blocking) {
        this.services = services;
        this.zones = zones;
        this.blocking = blocking;
    }

    public void mount(Router router, String v) {
        router.get(v + "/os-availability-zone").handler(ctx -> zones(ctx, false));
        router.get(v + "/os-availability-zone/detail").handler(ctx -> zones(ctx, true));
    }

    private void zones(RoutingContext ctx, boolean detail) {
        AuthContext caller = AuthFilter.of(ctx);
        blocking.reply(ctx, () -> {
            NovaPolicy.require(!detail || caller.isAdmin(), POLICY + (detail ? "detail" : "list"));
            List<ServiceEntity> all = services.list(null, null);
            HostZones hostZones = zones.hosts();
            SortedSet<String> available = new TreeSet<>();
            SortedSet<String> unavailable = new TreeSet<>();
            all.stream().filter(s -> !s.disabled()).forEach(s -> available.add(zoneOf(s, hostZones)));
            all.stream().filter(ServiceEntity::disabled).map(s -> zoneOf(s, hostZones))
                    .filter(z -> !available.contains(z)).forEach(unavailable::add);
            JsonArray info = new JsonArray();
            for (String zone : available) {
                if (detail || !zone.equals(AvailabilityZone.INTERNAL)) {
                    info.add(new JsonObject().put("zoneName", zone).put("zoneState", new JsonObject()
                            .put("available", true)).put("hosts", detail ? hosts(all, hostZones, zone) : null));
                }
            }
            for (String zone : unavailable) {
                if (detail || !zone.equals(AvailabilityZone.INTERNAL)) {
                    info.add(new JsonObject().put("zoneName", zone).put("zoneState", new JsonObject()
                            .put("available", false)).putNull("hosts"));
                }
            }
            return Reply.ok(new JsonObject().put("availabilityZoneInfo", info));
        });
    }

    private static String zoneOf(ServiceEntity s, HostZones hostZones) {
        return hostZones.ofService(s.binary(), s.host());
    }

    private JsonObject hosts(List<ServiceEntity> all, HostZones hostZones, String zone) {
        Map<String, JsonObject> hosts = new LinkedHashMap<>();
        all.stream().filter(s -> !s.disabled() && zoneOf(s, hostZones).equals(zone)).forEach(s ->
                hosts.computeIfAbsent(s.host(), h -> new JsonObject()).put(s.binary(), new JsonObject()
                        .put("available", services.isUp(s)).put("active", !s.disabled())
                        .put("updated_at", NovaTime.micros(s.updatedAt()))));
        JsonObject o = new JsonObject();
        hosts.forEach(o::put);
        return o;
    }
}

package org.novalab.api.compute.aggregate;

import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.hibernate.Session;
import org.novalab.api.http.ApiException;

/**
 * The rules that keep availability zones consistent (Nova's {@code is_safe_to_update_az} and the checks it added for
 * bug 1907775): a host is in one zone only, a zone has a name, and a server never changes zone under its feet, so a
 * zone may not change on hosts that run servers. Nova cannot move a running server between zones either.
 */
final class ZoneRules {
    /** What the refused change was, which Nova names in its message. */
    enum Action {
        ADD_HOST("Cannot add host to aggregate %d. Reason: %s.", 409),
        REMOVE_HOST("Cannot remove host from aggregate %d. Reason: %s.", 409),
        DELETE("Cannot remove host from aggregate %d. Reason: %s.", 400),
        UPDATE("Cannot update aggregate %d. Reason: %s.", 400),
        UPDATE_METADATA("Cannot update metadata of aggregate %d. Reason: %s.", 400);

        private final String format;
        private final int status;

        /** @param status Nova's InvalidAggregateAction is a 400, which its host actions answer as a 409 */
        Action(String format, int status) {
            this.format = format;
            this.status = status;
        }

        ApiException refusal(AggregateEntity aggregate, String reason) {
            return new ApiException(status, String.format(format, aggregate.id(), reason));
        }
    }

    private ZoneRules() {
    }

    /**
     * Whether {@code metadata} may become the aggregate's when its hosts are {@code hosts}: a zone it names must be
     * non-empty and the only zone of those hosts; when the zone changes and {@code noServers}, none of the hosts may
     * run a server.
     */
    static void checkZone(Session s, AggregateEntity aggregate, Map<String, String> metadata, Collection<String> hosts,
            Action action, boolean noServers) {
        if (!metadata.containsKey(AggregateEntity.ZONE_KEY)) {
            return;
        }
        String zone = metadata.get(AggregateEntity.ZONE_KEY);
        if (zone == null || zone.isEmpty()) {
            throw action.refusal(aggregate, "Aggregate " + aggregate.name()
                    + " does not support empty named availability zone");
        }
        List<String> conflicting = zonesOfOtherAggregates(s, aggregate, hosts).stream()
                .filter(z -> !z.equals(zone)).toList();
        if (!conflicting.isEmpty()) {
            throw action.refusal(aggregate, "One or more hosts already in availability zone(s) "
                    + pythonList(conflicting));
        }
        if (noServers && !zone.equals(aggregate.availabilityZone()) && servers(s, hosts) > 0) {
            throw action.refusal(aggregate, "One or more hosts contain instances in this zone");
        }
    }

    /** Adding {@code host} may not move the servers it runs into another zone. */
    static void checkJoin(Session s, AggregateEntity aggregate, String host) {
        String joined = aggregate.availabilityZone();
        long servers = servers(s, List.of(host));
        if (servers == 0 || joined == null) {
            return;
        }
        String before = zoneOf(s, host, null);
        if (!joined.equals(before)) {
            throw Action.ADD_HOST.refusal(aggregate, movesServers("added to", before, joined, servers));
        }
    }

    /** Removing {@code host} may not move the servers it runs out of their zone. */
    static void checkLeave(Session s, AggregateEntity aggregate, String host) {
        String left = aggregate.availabilityZone();
        long servers = servers(s, List.of(host));
        if (servers == 0 || left == null) {
            return;
        }
        String after = zoneOf(s, host, aggregate);
        if (!left.equals(after)) {
            throw Action.REMOVE_HOST.refusal(aggregate, movesServers("removed from", left, after, servers));
        }
    }

    /** @param from the zone before, null for none (which Nova prints as Python's None) */
    private static String movesServers(String how, String from, String to, long servers) {
        return "The host cannot be " + how + " the aggregate as the availability zone of the host would change from '"
                + (from == null ? "None" : from) + "' to '" + (to == null ? "None" : to) + "' but the host already has "
                + servers + " instance(s). Changing the AZ of "
                + "an existing instance is not supported by this action. Move the instances away from this host then "
                + "try again. If you need to move the instances between AZs then you can use shelve_offload and "
                + "unshelve to achieve this";
    }

    /** The zone the host's aggregates other than {@code without} give it, or null (Nova's None) when none does. */
    private static String zoneOf(Session s, String host, AggregateEntity without) {
        List<String> zones = zonesOfOtherAggregates(s, without, List.of(host));
        return zones.isEmpty() ? null : zones.get(0);
    }

    private static List<String> zonesOfOtherAggregates(Session s, AggregateEntity aggregate, Collection<String> hosts) {
        if (hosts.isEmpty()) {
            return List.of();
        }
        return s.createSelectionQuery("select value(m) from AggregateEntity a join a.metadata m where key(m) = :key "
                        + "and a.id <> :id and exists (select 1 from AggregateEntity b join b.hosts h where b.id = a.id "
                        + "and h in :hosts) order by a.id", String.class)
                .setParameter("key", AggregateEntity.ZONE_KEY)
                .setParameter("id", aggregate == null || aggregate.id() == null ? -1L : aggregate.id())
                .setParameterList("hosts", hosts).list();
    }

    private static long servers(Session s, Collection<String> hosts) {
        if (hosts.isEmpty()) {
            return 0;
        }
        return s.createSelectionQuery("select count(i) from InstanceEntity i where i.host in :hosts", Long.class)
                .setParameterList("hosts", hosts).uniqueResult();
    }

    /** How Python prints a list of strings: {@code ['az1', 'az2']}. */
    private static String pythonList(List<String> items) {
        return items.stream().map(i -> "'" + i.replace("\\", "\\\\").replace("'", "\\'") + "'")
                .collect(Collectors.joining(", ", "[", "]"));
    }
}

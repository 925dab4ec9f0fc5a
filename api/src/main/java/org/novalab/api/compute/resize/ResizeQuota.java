package org.novalab.api.compute.resize;

import java.util.Map;
import org.novalab.api.compute.InstanceEntity.FlavorCopy;
import org.novalab.api.compute.quota.QuotaResource;
import org.novalab.api.compute.quota.QuotaService;
import org.novalab.api.http.ApiException;

/**
 * Nova's {@code _check_quota_for_upsize}: only what a resize adds counts (more vCPUs, more memory), against the
 * server's project's limits and what it uses; over it is Nova's 403 "Quota exceeded for cores: Requested 2, but
 * already used 19 of 20 cores".
 */
final class ResizeQuota {
    private final QuotaService quotas;

    ResizeQuota(QuotaService quotas) {
        this.quotas = quotas;
    }

    void checkUpsize(String projectId, String userId, FlavorCopy current, FlavorCopy next) {
        Map<QuotaResource, Integer> limits = quotas.limits(projectId, userId);
        Map<QuotaResource, Long> used = quotas.inUse(projectId, null);
        check(QuotaResource.CORES, "cores", next.vcpus() - current.vcpus(), limits, used);
        check(QuotaResource.RAM, "ram", next.ramMb() - current.ramMb(), limits, used);
    }

    private static void check(QuotaResource resource, String name, long delta, Map<QuotaResource, Integer> limits,
            Map<QuotaResource, Long> used) {
        long limit = limits.get(resource);
        long inUse = used.getOrDefault(resource, 0L);
        if (delta > 0 && limit >= 0 && inUse + delta > limit) {
            throw ApiException.forbidden("Quota exceeded for " + name + ": Requested " + delta + ", but already used "
                    + inUse + " of " + limit + " " + name);
        }
    }
}

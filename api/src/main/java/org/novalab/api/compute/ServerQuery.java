package org.novalab.api.compute;

/** Filters and paging of a server list; null means "any". */
public record ServerQuery(String name, String status, String image, String flavor, boolean allTenants, Integer limit,
        String marker) {
}

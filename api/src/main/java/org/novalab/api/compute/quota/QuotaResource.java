package org.novalab.api.compute.quota;

import java.util.EnumSet;
import java.util.Optional;
import java.util.Set;
import org.novalab.api.compute.Microversion;

/**
 * Nova's quota resources with their {@code [quota]} defaults (-1 is unlimited). The nova-network ones are kept, as
 * Nova keeps them, so the API's shape does not change; they limit nothing. From 2.36 they are no longer shown or
 * taken, from 2.57 neither are the injected file ones (personality went away in 2.57).
 */
public enum QuotaResource {
    CORES("cores", 20),
    FIXED_IPS("fixed_ips", -1),
    FLOATING_IPS("floating_ips", -1),
    INJECTED_FILE_CONTENT_BYTES("injected_file_content_bytes", 10 * 1024),
    INJECTED_FILE_PATH_BYTES("injected_file_path_bytes", 255),
    INJECTED_FILES("injected_files", 5),
    INSTANCES("instances", 10),
    KEY_PAIRS("key_pairs", 100),
    METADATA_ITEMS("metadata_items", 128),
    RAM("ram", 50 * 1024),
    SECURITY_GROUP_RULES("security_group_rules", -1),
    SECURITY_GROUPS("security_groups", -1),
    SERVER_GROUP_MEMBERS("server_group_members", 10),
    SERVER_GROUPS("server_groups", 10);

    static final Set<QuotaResource> NOVA_NETWORK = EnumSet.of(FIXED_IPS, FLOATING_IPS, SECURITY_GROUP_RULES,
            SECURITY_GROUPS);
    static final Set<QuotaResource> INJECTED_FILES_ALL = EnumSet.of(INJECTED_FILES, INJECTED_FILE_CONTENT_BYTES,
            INJECTED_FILE_PATH_BYTES);

    private final String key;
    private final int defaultLimit;

    QuotaResource(String key, int defaultLimit) {
        this.key = key;
        this.defaultLimit = defaultLimit;
    }

    public String key() {
        return key;
    }

    public int defaultLimit() {
        return defaultLimit;
    }

    public static Optional<QuotaResource> of(String key) {
        for (QuotaResource r : values()) {
            if (r.key.equals(key)) {
                return Optional.of(r);
            }
        }
        return Optional.empty();
    }

    /** The resources a quota set shows and takes at {@code v} (Nova's FILTERED_QUOTAS_v236 and _v257). */
    static Set<QuotaResource> quotaSetAt(Microversion v) {
        Set<QuotaResource> shown = EnumSet.allOf(QuotaResource.class);
        if (v.atLeast(36)) {
            shown.removeAll(NOVA_NETWORK);
        }
        if (v.atLeast(57)) {
            shown.removeAll(INJECTED_FILES_ALL);
        }
        return shown;
    }

    /** The resources a quota class set shows and takes at {@code v}: server groups from 2.50, as Nova. */
    static Set<QuotaResource> quotaClassSetAt(Microversion v) {
        Set<QuotaResource> shown = EnumSet.allOf(QuotaResource.class);
        if (!v.atLeast(50)) {
            shown.removeAll(EnumSet.of(SERVER_GROUPS, SERVER_GROUP_MEMBERS));
        } else {
            shown.removeAll(NOVA_NETWORK);
        }
        if (v.atLeast(57)) {
            shown.removeAll(INJECTED_FILES_ALL);
        }
        return shown;
    }
}

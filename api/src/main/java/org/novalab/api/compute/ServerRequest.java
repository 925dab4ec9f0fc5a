package org.novalab.api.compute;

import java.util.Map;

/** A validated {@code POST /servers} body. volumeSizeGb is set for boot from a new volume (the Rbd backend). */
public record ServerRequest(String name, String imageRef, String flavorRef, Map<String, String> metadata,
        BuildPlan.DiskBackend backend, Integer volumeSizeGb, String description) {
}

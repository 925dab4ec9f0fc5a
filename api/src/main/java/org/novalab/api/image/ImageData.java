package org.novalab.api.image;

import java.time.Instant;
import java.util.Map;

/** An image as the Glance API shows it. */
public record ImageData(String id, String name, String status, String diskFormat, String containerFormat, Long size,
        Long virtualSize, String checksum, String osHashAlgo, String osHashValue, int minDisk, int minRam,
        String visibility, boolean isProtected, String owner, Instant createdAt, Instant updatedAt,
        Map<String, String> properties) {
    public ImageData {
        properties = Map.copyOf(properties);
    }

    public boolean isPublic() {
        return "public".equals(visibility) || "community".equals(visibility);
    }
}

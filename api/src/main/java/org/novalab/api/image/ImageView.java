package org.novalab.api.image;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import org.novalab.image.ImageRecord;

/** Images as Glance v2 shows them: core fields, then each extra property as a top-level string. */
final class ImageView {
    private ImageView() {
    }

    static JsonObject of(ImageRecord i) {
        JsonObject o = new JsonObject();
        i.properties().forEach(o::put);
        return o.put("id", i.id()).put("name", i.name()).put("status", i.status().glanceName())
                .put("disk_format", i.diskFormat()).put("container_format", i.containerFormat())
                .put("size", i.size()).put("virtual_size", i.virtualSize()).put("checksum", i.checksum())
                .put("os_hash_algo", i.osHashAlgo()).put("os_hash_value", i.osHashValue())
                .put("min_disk", i.minDisk()).put("min_ram", i.minRam()).put("visibility", i.visibility())
                .put("protected", i.isProtected()).put("os_hidden", i.hidden()).put("owner", i.owner())
                .put("tags", new JsonArray(new java.util.ArrayList<>(i.tags()))).put("created_at", time(i.createdAt()))
                .put("updated_at", time(i.updatedAt())).put("self", "/v2/images/" + i.id())
                .put("file", "/v2/images/" + i.id() + "/file").put("schema", "/v2/schemas/image");
    }

    /** With Glance's {@code direct_url} when the store shows locations (show_image_direct_url). */
    static JsonObject of(ImageRecord i, org.novalab.image.ImageService store) {
        JsonObject o = of(i);
        store.directUrl(i).ifPresent(url -> o.put("direct_url", url));
        return o;
    }

    static String time(Instant t) {
        return t == null ? null : DateTimeFormatter.ISO_INSTANT.format(t.truncatedTo(ChronoUnit.SECONDS));
    }
}

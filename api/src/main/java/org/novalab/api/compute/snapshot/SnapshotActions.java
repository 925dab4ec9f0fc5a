package org.novalab.api.compute.snapshot;

import io.vertx.core.json.JsonObject;
import java.util.Map;
import org.novalab.api.compute.Microversion;
import org.novalab.api.http.Reply;
import org.novalab.api.identity.AuthContext;

/**
 * The {@code createImage} and {@code createBackup} server actions' answers: 202 with the image's
 * {@code Location} before microversion 2.45 (a backup with rotation 0 has none: its image is rotated out at once),
 * the body {@code {"image_id": ...}} from 2.45 on.
 */
public final class SnapshotActions {
    private final ServerSnapshots snapshots;

    public SnapshotActions(ServerSnapshots snapshots) {
        this.snapshots = snapshots;
    }

    public Reply answer(AuthContext caller, String uuid, String action, JsonObject body, Microversion v,
                        String baseUrl, String requestId) {
        SnapshotBody parsed = action.equals(SnapshotBody.CREATE_BACKUP) ? SnapshotBody.createBackup(body)
                : SnapshotBody.createImage(body);
        String imageId = snapshots.start(caller, uuid, parsed, !v.atLeast(39), requestId);
        if (v.atLeast(45)) {
            return Reply.of(202, new JsonObject().put("image_id", imageId));
        }
        boolean located = parsed.backup().map(b -> b.rotation() > 0).orElse(true);
        // Nova's glance generate_image_url: the image service's endpoint, then images/<id>
        return located ? new Reply(202, null, Map.of("Location", baseUrl + "/images/" + imageId))
                : new Reply(202, null, Map.of());
    }
}

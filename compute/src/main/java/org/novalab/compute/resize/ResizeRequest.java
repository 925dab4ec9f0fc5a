package org.novalab.compute.resize;

import java.util.Optional;
import java.util.UUID;
import org.novalab.compute.Flavor;
import org.novalab.compute.InvalidRequest;
import org.novalab.compute.rpc.InstanceRef;

/**
 * One resize or cold migration of an instance, as its steps carry it: the migration that records it, the flavor it
 * had and the one it gets (the same for a cold migration), whether it was stopped before (Nova's
 * {@code old_vm_state}: a stopped server stays off through the move and its revert), and, when it leaves its host,
 * the {@link Move}. Without one the resize stays on the instance's own host (Nova's
 * {@code allow_resize_to_same_host}).
 */
public record ResizeRequest(InstanceRef instance, UUID migration, Flavor oldFlavor, Flavor newFlavor,
                            boolean wasStopped, Optional<Move> move) {
    public ResizeRequest {
        if (instance == null || migration == null || oldFlavor == null || newFlavor == null) {
            throw new InvalidRequest("a resize names its instance, its migration and both flavors");
        }
        move = move == null ? Optional.empty() : move;
    }

    /** A resize on the instance's own host. */
    public ResizeRequest(InstanceRef instance, UUID migration, Flavor oldFlavor, Flavor newFlavor,
                         boolean wasStopped) {
        this(instance, migration, oldFlavor, newFlavor, wasStopped, Optional.empty());
    }

    public UUID uuid() {
        return instance.uuid();
    }

    /**
     * A move to another compute host: the host the disk leaves and the one it goes to, and the image the disk was
     * built from (its {@code _base} is fetched again on the destination for an overlay).
     */
    public record Move(String source, String destination, Optional<String> imageId) {
        public Move {
            if (source == null || source.isBlank() || destination == null || destination.isBlank()) {
                throw new InvalidRequest("a move names the host it leaves and the host it goes to");
            }
            if (source.equals(destination)) {
                throw new InvalidRequest("a move to another host cannot go to the host it leaves (" + source + ")");
            }
            imageId = imageId == null ? Optional.empty() : imageId;
        }
    }
}

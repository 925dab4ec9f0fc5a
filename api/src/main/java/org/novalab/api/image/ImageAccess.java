package org.novalab.api.image;

import java.util.function.Supplier;
import org.novalab.api.http.ApiException;
import org.novalab.api.identity.AuthContext;
import org.novalab.image.ImageActionRefused;
import org.novalab.image.ImageLimitExceeded;
import org.novalab.image.ImageRecord;
import org.novalab.image.ImageService;
import org.novalab.image.ImageSharing;

/**
 * Glance's image policy (its defaults): an admin sees and changes every image; others see the public and community
 * images, their project's, and the shared images offered to their project, and change only their project's. An
 * image the caller cannot see does not exist for it (404); one it sees but may not change is a 403.
 */
final class ImageAccess {
    private final ImageService store;

    ImageAccess(ImageService store) {
        this.store = store;
    }

    ImageService store() {
        return store;
    }

    /** The image, if the caller may see it; else Glance's 404. */
    ImageRecord visible(AuthContext caller, String id) {
        return store.find(id).filter(i -> visible(caller, i))
                .orElseThrow(() -> ApiException.notFound("No image found with ID " + id));
    }

    boolean visible(AuthContext caller, ImageRecord image) {
        return store.visibleTo(image, caller.projectId(), caller.isAdmin());
    }

    /** The image, if the caller may change it: visible (else 404) and its project's or the caller an admin (403). */
    ImageRecord owned(AuthContext caller, String id) {
        return owned(caller, id, "You are not permitted to modify image " + id + ": it belongs to another project.");
    }

    ImageRecord owned(AuthContext caller, String id, String refusal) {
        ImageRecord image = visible(caller, id);
        if (!owns(caller, image)) {
            throw ApiException.forbidden(refusal);
        }
        return image;
    }

    static boolean owns(AuthContext caller, ImageRecord image) {
        return caller.isAdmin() || (caller.projectId() != null && caller.projectId().equals(image.owner()));
    }

    /** Glance's publicize_image policy: only an admin makes an image public. */
    static void checkVisibility(AuthContext caller, String visibility) {
        if ("public".equals(visibility) && !caller.isAdmin()) {
            throw ApiException.forbidden("You are not authorized to complete publicize_image action.");
        }
    }

    /** Runs {@code work}, answering the image service's refusals that are no plain 400/404/409 as Glance does. */
    static <T> T glance(Supplier<T> work) {
        try {
            return work.get();
        } catch (ImageLimitExceeded e) {
            throw new ApiException(413, e.getMessage());
        } catch (ImageActionRefused | ImageSharing.NotShared e) {
            throw ApiException.forbidden(e.getMessage());
        }
    }
}

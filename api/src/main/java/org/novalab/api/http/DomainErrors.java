package org.novalab.api.http;

import org.novalab.compute.ComputeException;
import org.novalab.compute.EncryptionNotSupported;
import org.novalab.compute.FlavorDiskSmallerThanImage;
import org.novalab.compute.InstanceNotFound;
import org.novalab.compute.InvalidRequest;
import org.novalab.image.ImageException;
import org.novalab.image.ImageInUse;
import org.novalab.image.ImageNotFound;
import org.novalab.image.ImageProtected;
import org.novalab.image.ImageUploadFailed;
import org.novalab.image.InvalidImageChange;
import org.novalab.image.InvalidImageState;
import org.novalab.imagecache.ImageCacheException;
import org.novalab.storage.StorageException;

/** Translates the domain exceptions of the compute and image modules into API refusals. */
final class DomainErrors {
    private DomainErrors() {
    }

    /** @return the refusal, or null when the failure is not a known domain error */
    static ApiException map(Throwable t) {
        if (t instanceof ImageNotFound) {
            return ApiException.notFound(t.getMessage());
        }
        if (t instanceof InvalidImageChange) {
            return ApiException.badRequest(t.getMessage());
        }
        if (t instanceof InvalidImageState) {
            return ApiException.conflict(t.getMessage());
        }
        if (t instanceof ImageInUse) {
            return ApiException.conflict(t.getMessage());
        }
        if (t instanceof ImageProtected) {
            return ApiException.forbidden(t.getMessage());
        }
        if (t instanceof ImageUploadFailed) {
            return ApiException.badRequest(t.getMessage());
        }
        if (t instanceof InvalidRequest || t instanceof EncryptionNotSupported
                || t instanceof FlavorDiskSmallerThanImage) {
            return ApiException.badRequest(t.getMessage());
        }
        if (t instanceof InstanceNotFound) {
            return ApiException.notFound(t.getMessage());
        }
        if (t instanceof ComputeException || t instanceof ImageCacheException || t instanceof ImageException
                || t instanceof StorageException) {
            return new ApiException(500, t.getMessage());
        }
        return null;
    }
}

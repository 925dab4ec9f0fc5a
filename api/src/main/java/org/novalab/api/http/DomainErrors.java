package org.novalab.api.http;

import org.novalab.api.compute.NoValidHost;
import org.novalab.compute.ComputeException;
import org.novalab.compute.EncryptionNotSupported;
import org.novalab.compute.FlavorDiskSmallerThanImage;
import org.novalab.compute.HypervisorError;
import org.novalab.compute.InstanceNotFound;
import org.novalab.compute.InvalidRequest;
import org.novalab.compute.domain.InvalidXml;
import org.novalab.compute.hypervisor.DomainNotFound;
import org.novalab.compute.manager.HostHasNoHypervisor;
import org.novalab.compute.rpc.NoSuchHost;
import org.novalab.compute.secret.SecretException;
import org.novalab.compute.secret.SecretNotFound;
import org.novalab.compute.secret.SecretUsageConflict;
import org.novalab.image.ImageException;
import org.novalab.image.ImageInUse;
import org.novalab.image.ImageNotFound;
import org.novalab.image.ImageProtected;
import org.novalab.image.ImageUploadFailed;
import org.novalab.image.InvalidImageChange;
import org.novalab.image.InvalidImageState;
import org.novalab.imagecache.ImageCacheException;
import org.novalab.storage.StorageException;

/**
 * Translates the domain exceptions of the compute, image and storage modules into API refusals, the same way on
 * every route: what the caller asked for does not exist (404), conflicts with what exists (409), or was refused by
 * the hypervisor or its secret store in libvirt's words (400); anything else a module reports is the server's
 * failure (500).
 */
final class DomainErrors {
    private DomainErrors() {
    }

    /** @return the refusal, or null when the failure is not a known domain error */
    static ApiException map(Throwable t) {
        if (t instanceof ImageNotFound || t instanceof InstanceNotFound || t instanceof DomainNotFound
                || t instanceof SecretNotFound || t instanceof NoSuchHost) {
            return ApiException.notFound(t.getMessage());
        }
        if (t instanceof InvalidImageState || t instanceof SecretUsageConflict) {
            return ApiException.conflict(t.getMessage());
        }
        if (t instanceof ImageInUse) {
            return ApiException.conflict(t.getMessage());
        }
        if (t instanceof ImageProtected) {
            return ApiException.forbidden(t.getMessage());
        }
        if (t instanceof HostHasNoHypervisor || t instanceof NoValidHost) {
            return new ApiException(503, t.getMessage());
        }
        if (t instanceof InvalidImageChange || t instanceof ImageUploadFailed || t instanceof InvalidRequest
                || t instanceof EncryptionNotSupported || t instanceof FlavorDiskSmallerThanImage
                || t instanceof InvalidXml || t instanceof HypervisorError || t instanceof SecretException) {
            return ApiException.badRequest(t.getMessage());
        }
        if (t instanceof ComputeException || t instanceof ImageCacheException || t instanceof ImageException
                || t instanceof StorageException) {
            return new ApiException(500, t.getMessage());
        }
        return null;
    }
}

package org.novalab.api.http;

/** Translates the domain exceptions of the compute and image modules into API refusals. */
final class DomainErrors {
    private DomainErrors() {
    }

    /** @return the refusal, or null when the failure is not a known domain error */
    static ApiException map(Throwable t) {
        return null;
    }
}

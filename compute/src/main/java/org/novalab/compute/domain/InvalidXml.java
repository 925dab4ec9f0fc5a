package org.novalab.compute.domain;

import org.novalab.compute.ComputeException;

/** Domain or secret XML that novalab cannot read. */
public class InvalidXml extends ComputeException {
    public InvalidXml(String message) {
        super(message);
    }

    public InvalidXml(String message, Throwable cause) {
        super(message, cause);
    }
}

package org.novalab.compute;

/** A request whose settings contradict each other or name unknown values (flavor vs image encryption, ...). */
public class InvalidRequest extends ComputeException {
    public InvalidRequest(String message) {
        super(message);
    }
}

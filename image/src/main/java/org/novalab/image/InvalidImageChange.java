package org.novalab.image;

/** A create or patch request that Glance would answer with 400 (read-only field, bad value, unknown op). */
public class InvalidImageChange extends ImageException {
    public InvalidImageChange(String message) {
        super(message);
    }
}

package org.novalab.storage;

/** An image named by pool and name, what librbd's {@code list_children()} returns for each clone. */
public record ImageSpec(String pool, String image) {
    @Override
    public String toString() {
        return pool + "/" + image;
    }
}

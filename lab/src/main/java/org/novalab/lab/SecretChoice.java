package org.novalab.lab;

/** Which libvirt secret the domain XML's {@code <encryption>} names: the disk's own, or another one. */
public enum SecretChoice {
    /** The secret created for the disk, holding the passphrase it was encrypted with. */
    RIGHT("right secret"),
    /** Another valid secret uuid from {@code virsh secret-list}, holding some other passphrase. */
    OTHER("other secret");

    private final String label;

    SecretChoice(String label) {
        this.label = label;
    }

    public String label() {
        return label;
    }
}

package org.novalab.api.compute.keypair;

/** Nova's key pair types (2.2): an OpenSSH key, or an X.509 certificate for WinRM. */
public enum KeyType {
    SSH("ssh"), X509("x509");

    private final String value;

    KeyType(String value) {
        this.value = value;
    }

    public String value() {
        return value;
    }

    static KeyType of(String value) {
        for (KeyType t : values()) {
            if (t.value.equals(value)) {
                return t;
            }
        }
        throw new IllegalArgumentException("unknown key pair type " + value);
    }
}

package org.novalab.lab;

/** The three parts of the lab, in the order it runs them. */
public enum CaseGroup {
    /** The seed's experiments A and B, for legacy AES and for LUKS. */
    SEED("the seed's experiments"),
    /** The author's proposed verification: repeat both methods on an encrypted base image. */
    VERIFICATION("the author's proposed verification"),
    /** Boot an overlay with the right secret (the guest writes), then with another secret. */
    WRITE_BACK("the write-back effect");

    private final String title;

    CaseGroup(String title) {
        this.title = title;
    }

    public String title() {
        return title;
    }
}

package org.novalab.api.virsh.cli;

/** A ready token, or what a Keystone v3 password login needs. {@link #toString()} never shows a secret. */
public record Credentials(String token, String authUrl, String username, String password, String projectName,
                          String userDomain, String projectDomain) {
    public static Credentials token(String token) {
        return new Credentials(token, null, null, null, null, null, null);
    }

    public boolean hasToken() {
        return token != null;
    }

    @Override
    public String toString() {
        return hasToken() ? "Credentials[token ****]" : "Credentials[" + username + "@" + authUrl + "]";
    }
}

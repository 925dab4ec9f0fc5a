package org.novalab.api.virsh.cli;

/** A novalab server's base URL and how to authenticate to it. */
public record Connection(String baseUrl, Credentials credentials) {
}

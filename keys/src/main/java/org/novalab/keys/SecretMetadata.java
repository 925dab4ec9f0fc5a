package org.novalab.keys;

import java.time.Instant;
import java.util.UUID;

/** A secret as a listing shows it: which one, whose, since when. Never its value. */
public record SecretMetadata(UUID id, SecretOwner owner, Instant created) {
}

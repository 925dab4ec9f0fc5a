package org.novalab.dist.crash;

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * What the clients of one round were told before the process died (an answer is a promise), and what they had
 * asked without an answer yet (in flight: either outcome is allowed, a half-made one is not).
 */
final class Acknowledgements {
    final Set<String> created = ConcurrentHashMap.newKeySet();
    final Set<String> createsInFlight = ConcurrentHashMap.newKeySet();
    final Set<String> deleted = ConcurrentHashMap.newKeySet();
    final Set<String> deletesInFlight = ConcurrentHashMap.newKeySet();
    /** Servers a poll saw ACTIVE: their build finished before the kill. */
    final Set<String> seenActive = ConcurrentHashMap.newKeySet();
    /** Servers a poll still listed after their delete was acknowledged. */
    final Set<String> seenDeleting = ConcurrentHashMap.newKeySet();
    /** Image id to the md5 of the bytes sent. */
    final Map<String, String> uploaded = new ConcurrentHashMap<>();
    final Map<String, String> uploadsInFlight = new ConcurrentHashMap<>();
    /** How long each acknowledged create waited for its answer, under the round's load. */
    final java.util.Queue<Long> createAnswerMillis = new java.util.concurrent.ConcurrentLinkedQueue<>();
    /** Answers a live server should never give (a refusal, a 5xx): each is a failure of the round. */
    final List<String> unexpected = new CopyOnWriteArrayList<>();

    /** Creates acknowledged whose build had not finished when the process died. */
    Set<String> buildsCutShort() {
        Set<String> open = new java.util.HashSet<>(created);
        open.removeAll(seenActive);
        open.removeAll(deleted);
        return open;
    }

    /** Deletes asked or acknowledged that had not finished when the process died. */
    Set<String> deletesCutShort() {
        Set<String> open = new java.util.HashSet<>(deletesInFlight);
        open.addAll(seenDeleting);
        return open;
    }
}

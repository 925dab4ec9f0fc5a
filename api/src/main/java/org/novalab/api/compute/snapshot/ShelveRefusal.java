package org.novalab.api.compute.snapshot;

import org.novalab.api.compute.InstanceEntity;
import org.novalab.api.compute.ServerQueries;
import org.novalab.api.http.ApiException;
import org.novalab.api.identity.AuthContext;

/**
 * {@code shelve}, {@code shelveOffload} and {@code unshelve} as a Nova answers that cannot shelve the server: the
 * server is looked up as for any action (404 for one the caller cannot see), then a 409 that says why. novalab has
 * the snapshot shelving needs, but not yet the rest (the shelved states, the offload that keeps the disk's
 * passphrase, the unshelve that spawns from the shelve image with it); until it has all of it, it shelves nothing
 * rather than half.
 */
public final class ShelveRefusal {
    private final ServerQueries queries;

    public ShelveRefusal(ServerQueries queries) {
        this.queries = queries;
    }

    public void refuse(AuthContext caller, String uuid, String action) {
        InstanceEntity server = queries.get(caller, uuid);
        throw ApiException.conflict("Cannot '" + action + "' instance " + server.uuid() + ": novalab does not "
                + "shelve servers yet (shelve, shelveOffload and unshelve are not built); snapshot it with createImage "
                + "instead");
    }
}

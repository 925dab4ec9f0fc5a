package org.novalab.api.virsh.cli;

import java.util.List;
import org.novalab.cli.Command;
import org.novalab.cli.CommandGroup;

/**
 * {@code novalab virsh VERB}: the seed's virsh steps against a running novalab server's hypervisor and secret
 * store, through its admin-only {@code /novalab/v1/virsh} endpoints.
 */
public final class VirshGroup implements CommandGroup {
    @Override
    public String name() {
        return "virsh";
    }

    @Override
    public String description() {
        return "virsh verbs (list, dumpxml, define, start, destroy, undefine, secret-*) against a novalab server";
    }

    @Override
    public List<Command> commands() {
        return List.of(new Verbs.ListDomains(), new Verbs.DumpXml(), new Verbs.Define(), new Verbs.Start(),
                new Verbs.Destroy(), new Verbs.Undefine(), new Verbs.SecretDefine(), new Verbs.SecretSetValue(),
                new Verbs.SecretList(), new Verbs.SecretUndefine());
    }
}

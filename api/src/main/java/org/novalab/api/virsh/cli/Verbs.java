package org.novalab.api.virsh.cli;

import com.beust.jcommander.Parameter;
import com.beust.jcommander.Parameters;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;
import org.novalab.cli.Console;
import org.novalab.cli.UsageError;

/** The virsh verbs novalab serves: the ones the seed's appendix uses. */
final class Verbs {
    private Verbs() {
    }

    static String readFile(String name) {
        try {
            return Files.readString(Path.of(name), StandardCharsets.UTF_8);
        } catch (NoSuchFileException e) {
            throw new UsageError("Failed to open file '" + name + "': No such file or directory");
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + name, e);
        }
    }

    @Parameters(commandNames = "list", commandDescription = "List domains (running ones; --all for every defined one)")
    static final class ListDomains extends VirshVerb {
        @Parameter(names = "--all", description = "Also list inactive domains")
        private boolean all;

        @Override
        void run(VirshClient client, List<String> args, Console console) {
            List<VirshClient.DomainRow> rows = client.listDomains().stream()
                    .filter(d -> all || d.active()).toList();
            console.out().print(VirshTables.domains(rows));
            console.out().println();
        }

        @Override
        String failure(List<String> args) {
            return "failed to list domains";
        }
    }

    @Parameters(commandNames = "dumpxml", commandDescription = "Print a domain's XML")
    static final class DumpXml extends VirshVerb {
        DumpXml() {
            super("DOMAIN");
        }

        @Override
        void run(VirshClient client, List<String> args, Console console) {
            String xml = client.dumpXml(args.get(0));
            console.out().print(xml.endsWith("\n") ? xml : xml + "\n");
            console.out().println();
        }

        @Override
        String failure(List<String> args) {
            return "failed to get domain '" + args.get(0) + "'";
        }
    }

    @Parameters(commandNames = "define", commandDescription = "Define (but do not start) a domain from an XML file")
    static final class Define extends VirshVerb {
        Define() {
            super("FILE");
        }

        @Override
        void run(VirshClient client, List<String> args, Console console) {
            String name = client.define(readFile(args.get(0)));
            console.out().println("Domain '" + name + "' defined from " + args.get(0));
            console.out().println();
        }

        @Override
        String failure(List<String> args) {
            return "Failed to define domain from " + args.get(0);
        }
    }

    /** A verb on one domain: the call, then virsh's line "Domain 'NAME' DONE", or "Failed to VERB domain 'NAME'". */
    abstract static class DomainVerb extends VirshVerb {
        private final String verb;
        private final String done;

        DomainVerb(String verb, String done) {
            super("DOMAIN");
            this.verb = verb;
            this.done = done;
        }

        abstract void call(VirshClient client, String domain);

        @Override
        final void run(VirshClient client, List<String> args, Console console) {
            call(client, args.get(0));
            console.out().println("Domain '" + args.get(0) + "' " + done);
            console.out().println();
        }

        @Override
        final String failure(List<String> args) {
            return "Failed to " + verb + " domain '" + args.get(0) + "'";
        }
    }

    @Parameters(commandNames = "start", commandDescription = "Start a defined domain")
    static final class Start extends DomainVerb {
        Start() {
            super("start", "started");
        }

        @Override
        void call(VirshClient client, String domain) {
            client.start(domain);
        }
    }

    @Parameters(commandNames = "destroy", commandDescription = "Power a domain off (it stays defined)")
    static final class Destroy extends DomainVerb {
        Destroy() {
            super("destroy", "destroyed");
        }

        @Override
        void call(VirshClient client, String domain) {
            client.destroy(domain);
        }
    }

    @Parameters(commandNames = "undefine", commandDescription = "Undefine a domain")
    static final class Undefine extends DomainVerb {
        Undefine() {
            super("undefine", "has been undefined");
        }

        @Override
        void call(VirshClient client, String domain) {
            client.undefine(domain);
        }
    }

    @Parameters(commandNames = "secret-define", commandDescription = "Define a secret from an XML file")
    static final class SecretDefine extends VirshVerb {
        SecretDefine() {
            super("FILE");
        }

        @Override
        void run(VirshClient client, List<String> args, Console console) {
            String uuid = client.secretDefine(readFile(args.get(0)));
            console.out().println("Secret " + uuid + " created");
            console.out().println();
        }

        @Override
        String failure(List<String> args) {
            return "Failed to set attributes from " + args.get(0);
        }
    }

    @Parameters(commandNames = "secret-set-value", commandDescription = "Set a secret's value (base64, as virsh takes it)")
    static final class SecretSetValue extends VirshVerb {
        SecretSetValue() {
            super("UUID", "BASE64");
        }

        @Override
        void run(VirshClient client, List<String> args, Console console) {
            client.secretSetValue(args.get(0), args.get(1));
            console.out().println("Secret value set");
            console.out().println();
        }

        @Override
        String failure(List<String> args) {
            return "Failed to set secret value";
        }
    }

    @Parameters(commandNames = "secret-list", commandDescription = "List secrets (uuid and usage, never values)")
    static final class SecretList extends VirshVerb {
        @Override
        void run(VirshClient client, List<String> args, Console console) {
            console.out().print(VirshTables.secrets(client.secretList()));
            console.out().println();
        }

        @Override
        String failure(List<String> args) {
            return "Failed to list secrets";
        }
    }

    @Parameters(commandNames = "secret-undefine", commandDescription = "Undefine a secret")
    static final class SecretUndefine extends VirshVerb {
        SecretUndefine() {
            super("UUID");
        }

        @Override
        void run(VirshClient client, List<String> args, Console console) {
            client.secretUndefine(args.get(0));
            console.out().println("Secret " + args.get(0) + " deleted");
            console.out().println();
        }

        @Override
        String failure(List<String> args) {
            return "Failed to undefine secret " + args.get(0);
        }
    }
}

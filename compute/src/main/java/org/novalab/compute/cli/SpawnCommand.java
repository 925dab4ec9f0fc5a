package org.novalab.compute.cli;

import com.beust.jcommander.Parameter;
import com.beust.jcommander.Parameters;
import java.io.PrintStream;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.novalab.cli.Command;
import org.novalab.cli.Console;
import org.novalab.cli.UsageError;
import org.novalab.compute.BackendKind;
import org.novalab.compute.ComputeHost;
import org.novalab.compute.DiskCreation;
import org.novalab.compute.EncryptionChoice;
import org.novalab.compute.Flavor;
import org.novalab.compute.InstanceFiles;
import org.novalab.compute.SpawnRequest;
import org.novalab.compute.SpawnResult;
import org.novalab.image.ImageService;

@Parameters(commandNames = "spawn", commandDescription = "Spawn one instance of the fixture guest and print its files "
        + "and console; with --wrong-secret a second instance uses the first one's secret (the seed's experiments)")
final class SpawnCommand extends HostOptions implements Command {
    @Parameter(names = "--backend", description = "qcow2 | flat | rbd")
    String backend = "qcow2";

    @Parameter(names = "--encryption", description = "none | luks | qcow (legacy AES)")
    String encryption = "none";

    @Parameter(names = "--creation", description = "backing_file | convert (how an encrypted qcow2 disk is built)")
    String creation = "backing_file";

    @Parameter(names = "--root-gb", description = "The flavor's root disk in GiB (0 = the image's size)")
    int rootGb = 1;

    @Parameter(names = "--wrong-secret", description = "Also spawn a second instance whose XML names the first "
            + "instance's secret, and show what its guest does")
    boolean wrongSecret;

    @Override
    public int run(Console console) throws Exception {
        EncryptionChoice choice = switch (encryption.toLowerCase(Locale.ROOT)) {
            case "none" -> EncryptionChoice.NONE;
            case "luks" -> EncryptionChoice.luks();
            case "qcow", "aes" -> EncryptionChoice.legacyAes();
            default -> throw new UsageError("--encryption must be none, luks or qcow, not " + encryption);
        };
        BackendKind kind;
        try {
            kind = BackendKind.valueOf(backend.toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new UsageError("--backend must be qcow2, flat or rbd, not " + backend);
        }
        DiskCreation how = DiskCreation.fromSpec(creation);
        Flavor flavor = new Flavor("1", "m1.tiny", 1, 64, rootGb, Map.of());
        try (ComputeHost host = openHost()) {
            SpawnResult first = host.driver().spawn(request(flavor, kind, how, choice, Optional.empty()));
            print(console.out(), host, first);
            if (wrongSecret) {
                Optional<String> other = first.secretUuid().map(UUID::toString);
                if (other.isEmpty()) {
                    throw new UsageError("--wrong-secret needs --encryption luks or qcow");
                }
                try {
                    print(console.out(), host, host.driver().spawn(request(flavor, kind, how, choice, other)));
                } catch (org.novalab.compute.BootFailed e) {
                    console.out().println("second instance with secret " + other.get() + ": start failed (ERROR): "
                            + e.getMessage());
                }
            }
        } finally {
            removePools();
        }
        return 0;
    }

    private static SpawnRequest request(Flavor flavor, BackendKind kind, DiskCreation how, EncryptionChoice choice,
                                        Optional<String> secret) {
        long number = System.nanoTime() & 0x7FFFFFFFL;
        return new SpawnRequest(UUID.randomUUID(), number, "cli-" + number, flavor, ImageService.FIXTURE_ID, Map.of(),
                kind, how, choice, secret);
    }

    private static void print(PrintStream out, ComputeHost host, SpawnResult r) {
        InstanceFiles f = host.driver().files(r.uuid());
        out.printf("instance %s (%s): %s%n", r.uuid(), r.domainName(), r.state());
        out.printf("  dir:        %s%n  disk:       %s%n  libvirt:    %s%n  console:    %s%n", f.dir(), f.disk(),
                f.libvirtXml(), f.consoleLog());
        f.secretXml().ifPresent(s -> out.printf("  secret.xml: %s (secret %s)%n", s, r.secretUuid().orElseThrow()));
        r.fault().ifPresent(fault -> out.printf("  fault:      %s%n", fault));
        out.println("  --- console.log ---");
        out.print(r.console().replace("\r\n", "\n"));
        out.println("  -------------------");
    }
}

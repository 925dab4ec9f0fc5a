package org.novalab.api.cli;

import com.beust.jcommander.Parameters;
import com.beust.jcommander.ParametersDelegate;
import java.util.Map;
import org.novalab.api.config.EffectiveConfig;
import org.novalab.api.config.NovalabOptions;
import org.novalab.api.config.ServerConfigs;
import org.novalab.api.server.ServerConfig;
import org.novalab.cli.Command;
import org.novalab.cli.Console;
import org.novalab.cli.HelpOption;

@Parameters(commandNames = "show", commandDescription = "Print every option in effect for serve with the same "
        + "--config-file, variables and flags, and where each value came from; secrets masked")
public final class ConfigShowCommand extends HelpOption implements Command {
    @ParametersDelegate
    private final ServeFlags flags = new ServeFlags();
    private final Map<String, String> env;

    ConfigShowCommand(Map<String, String> env) {
        this.env = env;
    }

    @Override
    public int run(Console console) {
        EffectiveConfig effective = flags.load(env);
        // the same checks serve makes: a configuration serve would refuse is refused here too
        ServerConfig server = ServerConfigs.from(effective, env);
        console.out().print(render(effective, server));
        console.out().flush();
        return 0;
    }

    /** INI text, each value followed by its source: {@code default}, {@code FILE:LINE}, {@code env X}, {@code flag --x}. */
    static String render(EffectiveConfig effective, ServerConfig server) {
        StringBuilder sb = new StringBuilder();
        String section = null;
        for (EffectiveConfig.Value v : effective.values()) {
            String s = v.option().name().section();
            if (!s.equals(section)) {
                sb.append(section == null ? "" : "\n").append('[').append(s).append("]\n");
                section = s;
            }
            String shown = v.option() == NovalabOptions.HOST && v.text() == null ? server.host() : v.shown();
            String line = v.option().name().name() + " = " + shown.replace("\n", "\n    ");
            String source = v.source().toString();
            if (v.text() == null && v.option().defaultText() != null) {
                source += " (" + v.option().defaultText().replaceAll("[<>]", "") + ")";
            }
            sb.append(String.format("%-60s # %s%n", line, source));
        }
        return sb.toString();
    }
}

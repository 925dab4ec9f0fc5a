package org.novalab.api.cli;

import com.beust.jcommander.Parameters;
import org.novalab.api.config.SampleConfig;
import org.novalab.cli.Command;
import org.novalab.cli.Console;
import org.novalab.cli.HelpOption;

@Parameters(commandNames = "sample", commandDescription = "Print the sample novalab.conf: every option at its "
        + "default, with its help (the file etc/novalab.conf.sample)")
public final class ConfigSampleCommand extends HelpOption implements Command {
    @Override
    public int run(Console console) {
        console.out().print(SampleConfig.text());
        console.out().flush();
        return 0;
    }
}

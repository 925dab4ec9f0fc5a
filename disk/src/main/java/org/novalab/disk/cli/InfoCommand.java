package org.novalab.disk.cli;

import com.beust.jcommander.Parameter;
import com.beust.jcommander.Parameters;
import com.beust.jcommander.ParametersDelegate;
import org.novalab.cli.Console;
import org.novalab.disk.info.ImageInspector;
import org.novalab.disk.info.InfoPrinter;

@Parameters(separators = "=", commandNames = "info", commandDescription = "Show an image's format, sizes, backing file and "
        + "encryption, like qemu-img info (no passphrase needed)")
final class InfoCommand extends ImgVerb {
    @ParametersDelegate
    final ReadImageOptions image = new ReadImageOptions();

    @Parameter(names = "--backing-chain", description = "Show every file of the backing chain, top first")
    boolean backingChain;


    @Override
    public int run(Console console) {
        ImageSpec spec = image.image();
        boolean json = image.json();
        if (backingChain) {
            var chain = ImageInspector.chain(spec.path(), spec.format());
            console.out().print(json ? InfoPrinter.chainJson(chain) : InfoPrinter.chainText(chain));
        } else {
            var info = ImageInspector.info(spec.path(), spec.format());
            console.out().print(json ? InfoPrinter.json(info) : InfoPrinter.text(info));
        }
        return 0;
    }
}

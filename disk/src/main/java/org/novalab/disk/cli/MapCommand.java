package org.novalab.disk.cli;

import com.beust.jcommander.Parameters;
import com.beust.jcommander.ParametersDelegate;
import java.util.List;
import org.novalab.cli.Console;
import org.novalab.disk.KeyLookup;
import org.novalab.disk.chain.ImageChain;
import org.novalab.disk.map.ImageMapper;
import org.novalab.disk.map.MapExtent;
import org.novalab.disk.map.MapPrinter;

@Parameters(separators = "=", commandNames = "map", commandDescription = "Show which guest ranges come from which file of the "
        + "backing chain, like qemu-img map")
final class MapCommand extends ImgVerb {
    @ParametersDelegate
    final ReadImageOptions image = new ReadImageOptions();

    @Override
    public int run(Console console) {
        ImageSpec spec = image.image();
        List<MapExtent> extents;
        try (ImageChain chain = ImageChain.open(spec.path(), spec.format(), KeyLookup.NONE, false, false)) {
            extents = ImageMapper.extents(chain);
        }
        boolean json = image.json();
        console.out().print(json ? MapPrinter.json(extents) : MapPrinter.text(extents));
        return 0;
    }
}

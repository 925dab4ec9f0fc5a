package org.novalab.disk.cli;

import com.beust.jcommander.converters.IParameterSplitter;
import java.util.List;

/** Keeps {@code -o a=1,b=2} as one value: JCommander would otherwise split list options at commas. */
public final class WholeValue implements IParameterSplitter {
    @Override
    public List<String> split(String value) {
        return List.of(value);
    }
}

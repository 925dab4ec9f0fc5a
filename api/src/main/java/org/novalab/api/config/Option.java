package org.novalab.api.config;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * One configuration option, defined once: parsing, {@code config show} and the sample file all read this.
 *
 * @param defaultValue the value when nothing sets it, as it would be written in a file ({@code $state_path}
 *                     refers to another option); null: unset
 * @param defaultText  what the sample and {@code --help} say the default is, when it is not a fixed text (the
 *                     machine's host name); null: {@code defaultValue}
 * @param secret       its value is never printed
 * @param deprecated   older names (Nova's {@code [DEFAULT] image_cache_manager_interval}) still read
 * @param env          the NOVALAB_* variable that sets it, above files
 * @param flag         the {@code serve} flag that sets it, above everything
 */
public record Option(OptionName name, ValueType type, String defaultValue, String defaultText, String help,
                     boolean secret, List<OptionName> deprecated, Optional<String> env, Optional<String> flag) {
    public Option {
        deprecated = List.copyOf(deprecated);
    }

    public static Option of(String section, String name, ValueType type, String defaultValue, String help) {
        return new Option(new OptionName(section, name), type, defaultValue, null, help, false, List.of(),
                Optional.empty(), Optional.empty());
    }

    public Option env(String variable) {
        return new Option(name, type, defaultValue, defaultText, help, secret, deprecated, Optional.of(variable), flag);
    }

    public Option flag(String option) {
        return new Option(name, type, defaultValue, defaultText, help, secret, deprecated, env, Optional.of(option));
    }

    public Option asSecret() {
        return new Option(name, type, defaultValue, defaultText, help, true, deprecated, env, flag);
    }

    public Option defaultText(String text) {
        return new Option(name, type, defaultValue, text, help, secret, deprecated, env, flag);
    }

    public Option deprecatedName(String section, String oldName) {
        List<OptionName> names = new ArrayList<>(deprecated);
        names.add(new OptionName(section, oldName));
        return new Option(name, type, defaultValue, defaultText, help, secret, names, env, flag);
    }

    /** What {@code config show} prints of a value of this option. */
    public String shown(String value) {
        if (value == null) {
            return "<unset>";
        }
        return secret ? DatabaseUrl.MASK : type.masked(value);
    }

    @Override
    public String toString() {
        return name.toString();
    }
}

package org.novalab.api.logging;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.Appender;
import ch.qos.logback.core.OutputStreamAppender;
import java.util.Iterator;
import java.util.Locale;
import org.slf4j.LoggerFactory;

/**
 * How the server writes its log lines: {@code text} (logback.xml's pattern, for people) or {@code json} (one object per
 * line, {@link JsonLineEncoder}, for log shippers). {@code json} swaps the encoder of every stream appender of the
 * root logger (the access log's queue feeds the same one), so no line is written in both formats.
 */
public enum LogFormat {
    TEXT, JSON;

    /** {@code text} or {@code json}, any case; anything else is refused with the choices. */
    public static LogFormat of(String name) {
        for (LogFormat f : values()) {
            if (f.name().equalsIgnoreCase(name.strip())) {
                return f;
            }
        }
        throw new IllegalArgumentException("log format must be text or json, not '" + name + "'");
    }

    public String id() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** Makes this the format of every line logged from now on (text is logback.xml's and needs nothing). */
    public void apply() {
        if (LoggerFactory.getILoggerFactory() instanceof LoggerContext context) {
            apply(context);
        }
    }

    /** As {@link #apply()}, on the given logging context. */
    public void apply(LoggerContext context) {
        if (this == TEXT) {
            return;
        }
        Logger root = context.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
        for (Iterator<Appender<ILoggingEvent>> it = root.iteratorForAppenders(); it.hasNext(); ) {
            if (it.next() instanceof OutputStreamAppender<ILoggingEvent> stream) {
                JsonLineEncoder encoder = new JsonLineEncoder();
                encoder.setContext(context);
                encoder.start();
                // swapped in place: a stopped appender closes its stream, and stderr is not to be reopened
                stream.setEncoder(encoder);
            }
        }
    }
}

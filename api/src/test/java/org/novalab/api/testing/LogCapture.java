package org.novalab.api.testing;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.encoder.PatternLayoutEncoder;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.OutputStreamAppender;
import ch.qos.logback.core.encoder.Encoder;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.novalab.api.logging.JsonLineEncoder;
import org.slf4j.LoggerFactory;

/**
 * Everything the server logs while it is open, written twice: in the text format of logback.xml and in the json
 * format of {@code --log-format json}, as an operator's log file would hold them. Hooked on the root logger and on
 * {@code novalab.access} (which does not pass its lines up).
 */
public final class LogCapture implements AutoCloseable {
    private static final String TEXT_PATTERN = "%d{HH:mm:ss.SSS} %-5level %logger{0} - %msg%n";
    private static final List<String> LOGGERS = List.of(org.slf4j.Logger.ROOT_LOGGER_NAME, "novalab.access");

    private final ByteArrayOutputStream text = new ByteArrayOutputStream();
    private final ByteArrayOutputStream json = new ByteArrayOutputStream();
    private final OutputStreamAppender<ILoggingEvent> textAppender;
    private final OutputStreamAppender<ILoggingEvent> jsonAppender;

    public LogCapture() {
        LoggerContext context = (LoggerContext) LoggerFactory.getILoggerFactory();
        PatternLayoutEncoder pattern = new PatternLayoutEncoder();
        pattern.setContext(context);
        pattern.setPattern(TEXT_PATTERN);
        pattern.start();
        JsonLineEncoder lines = new JsonLineEncoder();
        lines.setContext(context);
        lines.start();
        textAppender = appender(context, "capture-text", pattern, text);
        jsonAppender = appender(context, "capture-json", lines, json);
    }

    private static OutputStreamAppender<ILoggingEvent> appender(LoggerContext context, String name,
                                                                 Encoder<ILoggingEvent> encoder,
                                                                 ByteArrayOutputStream into) {
        OutputStreamAppender<ILoggingEvent> appender = new OutputStreamAppender<>();
        appender.setContext(context);
        appender.setName(name);
        appender.setEncoder(encoder);
        appender.setOutputStream(into);
        appender.setImmediateFlush(true);
        appender.start();
        LOGGERS.forEach(logger -> context.getLogger(logger).addAppender(appender));
        return appender;
    }

    public synchronized String text() {
        return text.toString(StandardCharsets.UTF_8);
    }

    public synchronized String json() {
        return json.toString(StandardCharsets.UTF_8);
    }

    @Override
    public void close() {
        LoggerContext context = (LoggerContext) LoggerFactory.getILoggerFactory();
        for (String name : LOGGERS) {
            Logger logger = context.getLogger(name);
            logger.detachAppender(textAppender);
            logger.detachAppender(jsonAppender);
        }
        textAppender.stop();
        jsonAppender.stop();
    }
}

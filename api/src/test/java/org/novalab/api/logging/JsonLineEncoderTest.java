package org.novalab.api.logging;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.encoder.PatternLayoutEncoder;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.OutputStreamAppender;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.slf4j.MDC;

/** {@code --log-format json}: every line one object a log shipper parses, whatever the message holds. */
class JsonLineEncoderTest {
    private final ObjectMapper json = new ObjectMapper();

    /** A private logging context with one stream appender, in the text format, as logback.xml sets it up. */
    private static Logger logger(LoggerContext context, ByteArrayOutputStream into) {
        context.setMDCAdapter(MDC.getMDCAdapter()); // the one org.slf4j.MDC writes to
        context.start();
        PatternLayoutEncoder text = new PatternLayoutEncoder();
        text.setContext(context);
        text.setPattern("%-5level %logger{0} - %msg%n");
        text.start();
        OutputStreamAppender<ILoggingEvent> appender = new OutputStreamAppender<>();
        appender.setContext(context);
        appender.setEncoder(text);
        appender.setOutputStream(into);
        appender.start();
        Logger root = context.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
        root.addAppender(appender);
        return context.getLogger("org.novalab.compute.manager.ComputeManager");
    }

    @Test
    void after_apply_each_line_is_an_object_with_time_level_logger_message_and_request_id() throws Exception {
        LoggerContext context = new LoggerContext();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        Logger log = logger(context, out);
        log.info("before: text");
        LogFormat.JSON.apply(context);

        log.info("instance {} is ACTIVE on {}", "b1c2", "host-a");
        try (MDC.MDCCloseable ignored = MDC.putCloseable(JsonLineEncoder.REQUEST_ID, "req-0000")) {
            log.warn("a \"quoted\"\nmultiline message with a tab\tand unicode \u00e9");
        }
        log.error("it failed", new IllegalStateException("disk full"));

        List<String> lines = out.toString(StandardCharsets.UTF_8).lines().toList();
        assertThat(lines.get(0)).isEqualTo("INFO  ComputeManager - before: text");
        List<JsonNode> objects = lines.subList(1, lines.size()).stream().map(this::parse).toList();
        assertThat(objects).hasSize(3);
        JsonNode first = objects.get(0);
        assertThat(first.get("time").asText()).matches("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d(\\.\\d+)?Z");
        assertThat(first.get("level").asText()).isEqualTo("INFO");
        assertThat(first.get("logger").asText()).isEqualTo("org.novalab.compute.manager.ComputeManager");
        assertThat(first.get("message").asText()).isEqualTo("instance b1c2 is ACTIVE on host-a");
        assertThat(first.get("request_id").isNull()).isTrue();
        assertThat(objects.get(1).get("message").asText())
                .isEqualTo("a \"quoted\"\nmultiline message with a tab\tand unicode \u00e9");
        assertThat(objects.get(1).get("request_id").asText()).isEqualTo("req-0000");
        assertThat(objects.get(2).get("level").asText()).isEqualTo("ERROR");
        assertThat(objects.get(2).get("exception").asText()).contains("IllegalStateException: disk full");
    }

    @Test
    void text_leaves_the_configured_format_alone() {
        LoggerContext context = new LoggerContext();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        Logger log = logger(context, out);
        LogFormat.TEXT.apply(context);
        log.info("still text");
        assertThat(out.toString(StandardCharsets.UTF_8)).isEqualTo("INFO  ComputeManager - still text\n");
    }

    private JsonNode parse(String line) {
        try {
            JsonNode node = json.readTree(line);
            assertThat(node.isObject()).as(line).isTrue();
            return node;
        } catch (Exception e) {
            throw new AssertionError("not one JSON object: " + line, e);
        }
    }
}

package org.novalab.api.virsh;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.util.JsonRecyclerPools;
import io.vertx.core.buffer.Buffer;
import java.io.IOException;
import java.util.Arrays;
import java.util.Base64;
import org.novalab.api.http.ApiException;
import org.novalab.disk.Passphrase;

/**
 * The body of {@code virsh secret-set-value}, {@code {"base64": VALUE}}, read into a {@link Passphrase} without
 * the value ever becoming a String. Vert.x's JSON decoding would make it one (a JsonObject's field), and its
 * Jackson parsers keep their byte and character buffers per thread for the next request, contents and all: the
 * value stayed in the live heap. Here a parser that recycles nothing reads a copy of the body in place; its
 * character buffer, that copy, the decoding's arrays and the request's body buffer are zeroed once the value is
 * decoded.
 */
final class SecretValueBody {
    private static final JsonFactory JSON = JsonFactory.builder()
            .recyclerPool(JsonRecyclerPools.nonRecyclingPool()).build();
    private static final String FIELD = "base64";
    private static final String USAGE = "secret-set-value needs {\"base64\": VALUE}";
    private static final String NOT_BASE64 = "invalid argument: the secret value is not base64";

    private SecretValueBody() {
    }

    /** The value; the request's {@code body} is all zeros afterwards, whatever the outcome. */
    static Passphrase read(Buffer body) {
        if (body == null || body.length() == 0) {
            throw ApiException.badRequest(USAGE);
        }
        byte[] json = body.getBytes();
        try {
            return parse(json);
        } finally {
            Arrays.fill(json, (byte) 0);
            body.setBytes(0, new byte[body.length()]);
        }
    }

    private static Passphrase parse(byte[] json) {
        Passphrase value = null;
        try (JsonParser parser = JSON.createParser(json)) {
            if (parser.nextToken() != JsonToken.START_OBJECT) {
                throw ApiException.badRequest(USAGE);
            }
            for (JsonToken t = parser.nextToken(); t == JsonToken.FIELD_NAME; t = parser.nextToken()) {
                boolean ours = FIELD.equals(parser.currentName());
                JsonToken v = parser.nextToken();
                if (ours && v == JsonToken.VALUE_STRING) {
                    Passphrase decoded = decode(parser);
                    if (value != null) {
                        value.close(); // the last one counts, as in a JSON object
                    }
                    value = decoded;
                } else {
                    parser.skipChildren();
                }
            }
        } catch (IOException e) {
            close(value);
            throw ApiException.badRequest("Malformed request body: not valid JSON");
        } catch (RuntimeException e) {
            close(value);
            throw e;
        }
        if (value == null) {
            throw ApiException.badRequest(USAGE);
        }
        return value;
    }

    /** The current string token, Base64-decoded from the parser's own characters, which are then zeroed. */
    private static Passphrase decode(JsonParser parser) throws IOException {
        char[] chars = parser.getTextCharacters();
        int offset = parser.getTextOffset();
        int length = parser.getTextLength();
        byte[] ascii = null;
        byte[] raw = null;
        try {
            int start = offset;
            int end = offset + length;
            while (start < end && Character.isWhitespace(chars[start])) {
                start++;
            }
            while (end > start && Character.isWhitespace(chars[end - 1])) {
                end--;
            }
            ascii = new byte[end - start];
            for (int i = 0; i < ascii.length; i++) {
                char c = chars[start + i];
                if (c > 0x7f) {
                    throw ApiException.badRequest(NOT_BASE64);
                }
                ascii[i] = (byte) c;
            }
            raw = Base64.getDecoder().decode(ascii);
            return Passphrase.of(raw);
        } catch (IllegalArgumentException e) {
            throw ApiException.badRequest(NOT_BASE64);
        } finally {
            Arrays.fill(chars, offset, offset + length, '\0');
            zero(ascii);
            zero(raw);
        }
    }

    private static void zero(byte[] bytes) {
        if (bytes != null) {
            Arrays.fill(bytes, (byte) 0);
        }
    }

    private static void close(Passphrase p) {
        if (p != null) {
            p.close();
        }
    }
}

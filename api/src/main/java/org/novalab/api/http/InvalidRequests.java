package org.novalab.api.http;

import io.netty.handler.codec.TooLongFrameException;
import io.vertx.core.Handler;
import io.vertx.core.http.HttpServerRequest;

/**
 * Answers a request the HTTP decoder could not read (a request line or a header longer than the server takes, a
 * line that is not HTTP) with the status Vert.x would give, in an error shape instead of an empty body. Its path
 * is not known, so neither is its service: the answer has Nova's shape, the default one. The connection is closed
 * after it, since nothing more on it can be trusted.
 */
public final class InvalidRequests implements Handler<HttpServerRequest> {
    @Override
    public void handle(HttpServerRequest request) {
        Throwable cause = request.decoderResult().cause();
        String detail = cause == null ? "" : String.valueOf(cause.getMessage());
        int status = 400;
        String message = "Malformed HTTP request";
        if (cause instanceof TooLongFrameException && detail.startsWith("An HTTP line is larger")) {
            status = 414;
            message = "Request-URI Too Long: " + detail;
        } else if (cause instanceof TooLongFrameException && detail.startsWith("HTTP header is larger")) {
            status = 431;
            message = "Request Header Fields Too Large: " + detail;
        }
        request.response().setStatusCode(status).putHeader("Content-Type", "application/json")
                .putHeader("Connection", "close").putHeader(RequestId.HEADER, RequestId.generate()).end(ErrorStyle.NOVA.render(status, message).encode())
                .onComplete(done -> request.connection().close());
    }
}

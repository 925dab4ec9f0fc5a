package org.novalab.api.http;

import io.vertx.core.json.JsonObject;

/** Each OpenStack service words its errors its own way; clients parse the shape of the service they called. */
public enum ErrorStyle {
    /** {@code {"itemNotFound": {"code": 404, "message": "..."}}} */
    NOVA {
        @Override
        public JsonObject render(int status, String message) {
            return new JsonObject().put(novaKind(status), new JsonObject().put("code", status).put("message", message));
        }
    },
    /** {@code {"error": {"code": 401, "title": "Unauthorized", "message": "..."}}} */
    KEYSTONE {
        @Override
        public JsonObject render(int status, String message) {
            return new JsonObject().put("error",
                    new JsonObject().put("code", status).put("title", title(status)).put("message", message));
        }
    },
    /** Cinder: Nova's shape, but its fault names know no 406 (that is a computeFault) and do know 503. */
    CINDER {
        @Override
        public JsonObject render(int status, String message) {
            String kind = status == 406 ? "computeFault" : status == 503 ? "serviceUnavailable" : novaKind(status);
            return new JsonObject().put(kind, new JsonObject().put("code", status).put("message", message));
        }
    },
    /** Placement: {@code {"errors": [{"status": 404, "title": "Not Found", "detail": "...", "code": "..."}]}} */
    PLACEMENT {
        @Override
        public JsonObject render(int status, String message) {
            return new JsonObject().put("errors", new io.vertx.core.json.JsonArray().add(new JsonObject()
                    .put("status", status).put("title", title(status)).put("detail", message)
                    .put("code", "placement.undefined_code")));
        }
    },
    /** Glance (webob): {@code {"code": 404, "title": "Not Found", "message": "..."}} */
    GLANCE {
        @Override
        public JsonObject render(int status, String message) {
            return new JsonObject().put("code", status).put("title", title(status)).put("message", message);
        }
    };

    public abstract JsonObject render(int status, String message);

    static String novaKind(int status) {
        return switch (status) {
            case 400 -> "badRequest";
            case 401 -> "unauthorized";
            case 403 -> "forbidden";
            case 404 -> "itemNotFound";
            case 405 -> "badMethod";
            case 406 -> "notAcceptable";
            case 409 -> "conflictingRequest";
            case 413 -> "overLimit";
            case 415 -> "badMediaType";
            case 501 -> "notImplemented";
            default -> status >= 500 ? "computeFault" : "badRequest";
        };
    }

    static String title(int status) {
        return switch (status) {
            case 400 -> "Bad Request";
            case 401 -> "Unauthorized";
            case 403 -> "Forbidden";
            case 404 -> "Not Found";
            case 405 -> "Method Not Allowed";
            case 406 -> "Not Acceptable";
            case 409 -> "Conflict";
            case 413 -> "Request Entity Too Large";
            case 415 -> "Unsupported Media Type";
            default -> status >= 500 ? "Internal Server Error" : "Error";
        };
    }
}

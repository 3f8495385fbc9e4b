package io.pixelcraft.api.web;

import java.util.List;
import java.util.Map;

/**
 * An answer other than success. The web bundle turns it into {@code application/problem+json}
 * (RFC 9457) with {@code type}, {@code title}, {@code status}, {@code detail} and, for validation
 * errors, {@code errors}. The detail goes to the client as it is: never put a secret, a stack
 * trace or a class name in it.
 */
public class ApiException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final int status;
    private final String code;
    private final String title;
    private final transient List<FieldViolation> violations;
    private final transient Map<String, String> headers;

    /**
     * @param status     HTTP status, 400 to 599
     * @param code       stable machine-readable error code, for example {@code validation-failed};
     *                   it becomes the last segment of the problem {@code type}
     * @param title      short summary of the error kind
     * @param detail     what was wrong with this request and how to fix it
     * @param violations invalid fields, empty when none
     * @param headers    extra headers such as {@code Retry-After}
     */
    public ApiException(int status, String code, String title, String detail,
            List<FieldViolation> violations, Map<String, String> headers) {
        super(detail);
        if (status < 400 || status > 599) {
            throw new IllegalArgumentException("Status " + status + " is not an error status");
        }
        this.status = status;
        this.code = code;
        this.title = title;
        this.violations = List.copyOf(violations);
        this.headers = Map.copyOf(headers);
    }

    public int status() {
        return status;
    }

    public String code() {
        return code;
    }

    public String title() {
        return title;
    }

    public String detail() {
        return getMessage();
    }

    public List<FieldViolation> violations() {
        return violations;
    }

    public Map<String, String> headers() {
        return headers;
    }

    public static ApiException badRequest(String detail) {
        return new ApiException(400, "bad-request", "Bad request", detail, List.of(), Map.of());
    }

    public static ApiException invalid(String detail, List<FieldViolation> violations) {
        return new ApiException(400, "validation-failed", "Validation failed", detail, violations, Map.of());
    }

    public static ApiException invalidField(String field, String rule, String message) {
        return invalid(message, List.of(new FieldViolation(field, rule, message)));
    }

    public static ApiException unauthorized(String detail) {
        return new ApiException(401, "unauthorized", "Authentication required", detail, List.of(), Map.of());
    }

    public static ApiException forbidden(String detail) {
        return new ApiException(403, "forbidden", "Forbidden", detail, List.of(), Map.of());
    }

    public static ApiException notFound(String detail) {
        return new ApiException(404, "not-found", "Not found", detail, List.of(), Map.of());
    }

    public static ApiException conflict(String detail) {
        return new ApiException(409, "conflict", "Conflict", detail, List.of(), Map.of());
    }

    public static ApiException gone(String detail) {
        return new ApiException(410, "gone", "Gone", detail, List.of(), Map.of());
    }

    public static ApiException payloadTooLarge(String detail) {
        return new ApiException(413, "payload-too-large", "Payload too large", detail, List.of(), Map.of());
    }

    public static ApiException unsupportedMediaType(String detail) {
        return new ApiException(415, "unsupported-media-type", "Unsupported media type", detail, List.of(), Map.of());
    }

    public static ApiException unprocessable(String detail) {
        return new ApiException(422, "unprocessable", "Unprocessable content", detail, List.of(), Map.of());
    }

    public static ApiException tooManyRequests(String detail, long retryAfterSeconds) {
        return new ApiException(429, "too-many-requests", "Too many requests", detail, List.of(),
                Map.of("Retry-After", Long.toString(retryAfterSeconds)));
    }

    public static ApiException unavailable(String detail, long retryAfterSeconds) {
        return new ApiException(503, "unavailable", "Service unavailable", detail, List.of(),
                Map.of("Retry-After", Long.toString(retryAfterSeconds)));
    }
}

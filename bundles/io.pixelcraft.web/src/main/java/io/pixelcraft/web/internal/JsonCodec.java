package io.pixelcraft.web.internal;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParseException;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.core.exc.StreamConstraintsException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.MapperFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.cfg.CoercionAction;
import com.fasterxml.jackson.databind.cfg.CoercionInputShape;
import com.fasterxml.jackson.databind.type.LogicalType;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.SerializerProvider;
import com.fasterxml.jackson.databind.module.SimpleModule;
import com.fasterxml.jackson.databind.ser.std.StdSerializer;
import com.fasterxml.jackson.databind.exc.InvalidFormatException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import com.fasterxml.jackson.databind.exc.ValueInstantiationException;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import io.pixelcraft.api.web.ApiException;
import io.pixelcraft.api.web.FieldViolation;
import java.io.IOException;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Reads request bodies and writes response bodies as JSON, with the API's rules: unknown fields
 * and trailing content are rejected, nesting depth and string length are limited, and timestamps
 * ({@code java.time} types) are written as RFC 3339 strings.
 */
final class JsonCodec {

    private static final int MAX_ECHO_LENGTH = 120;

    private final ObjectMapper mapper;
    private final int maxNestingDepth;
    private final int maxStringLength;

    JsonCodec(int maxNestingDepth, int maxStringLength) {
        this.maxNestingDepth = maxNestingDepth;
        this.maxStringLength = maxStringLength;
        JsonFactory factory = JsonFactory.builder()
                .streamReadConstraints(StreamReadConstraints.builder()
                        .maxNestingDepth(maxNestingDepth)
                        .maxStringLength(maxStringLength)
                        .build())
                // Keeps the request body out of parse error messages; the location is enough.
                .disable(StreamReadFeature.INCLUDE_SOURCE_IN_LOCATION)
                .build();
        this.mapper = JsonMapper.builder(factory)
                .addModule(new JavaTimeModule())
                .addModule(lowerCaseEnums())
                .enable(MapperFeature.ACCEPT_CASE_INSENSITIVE_ENUMS)
                .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
                .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
                .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
                .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
                .disable(SerializationFeature.FAIL_ON_EMPTY_BEANS)
                // No type coercion: "12" is not an integer and 12 is not a string.
                .disable(MapperFeature.ALLOW_COERCION_OF_SCALARS)
                .build();
        for (CoercionInputShape shape : List.of(CoercionInputShape.Integer, CoercionInputShape.Float,
                CoercionInputShape.Boolean)) {
            mapper.coercionConfigFor(LogicalType.Textual).setCoercion(shape, CoercionAction.Fail);
        }
    }

    /** Writes every enum constant as its lower-case name, for example {@code ProjectRole.EDITOR} as "editor". */
    @SuppressWarnings({"rawtypes", "unchecked"})
    private static SimpleModule lowerCaseEnums() {
        SimpleModule module = new SimpleModule("pixelcraft-enums");
        module.addSerializer(Enum.class, new StdSerializer<Enum>(Enum.class) {
            private static final long serialVersionUID = 1L;

            @Override
            public void serialize(Enum value, JsonGenerator generator, SerializerProvider provider) throws IOException {
                generator.writeString(value.name().toLowerCase(Locale.ROOT));
            }
        });
        return module;
    }

    ObjectMapper mapper() {
        return mapper;
    }

    /**
     * Parses a request body into {@code type}.
     *
     * @throws ApiException 400 when the body is empty, {@code null}, malformed, exceeds a limit,
     *         has unknown fields or values of the wrong type
     */
    <T> T read(byte[] body, Class<T> type) {
        if (body.length == 0) {
            throw ApiException.badRequest("The request body is missing: send a JSON document");
        }
        T value;
        try {
            value = mapper.readValue(body, type);
        } catch (IOException e) {
            throw toApiException(e);
        }
        if (value == null) {
            throw ApiException.badRequest("The request body is the JSON literal null: send a JSON object");
        }
        return value;
    }

    /**
     * Serializes a response body.
     *
     * @throws IllegalStateException when the value cannot be written as JSON, which is a bug in
     *         the route that returned it
     */
    byte[] write(Object value) {
        try {
            return mapper.writeValueAsBytes(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("Response body of type " + value.getClass().getName()
                    + " cannot be written as JSON", e);
        }
    }

    /** Translates a Jackson read failure into the 400 problem sent to the client. */
    ApiException toApiException(IOException e) {
        StreamConstraintsException limit = findLimitViolation(e);
        if (limit != null) {
            return ApiException.invalid("The JSON body exceeds a limit: at most " + maxNestingDepth
                    + " levels of nesting and " + maxStringLength + " characters per string",
                    List.of(new FieldViolation(e instanceof JsonMappingException mapping ? path(mapping) : "",
                            "json-limit", limit.getOriginalMessage())));
        }
        if (e instanceof JsonParseException parse) {
            JsonLocation location = parse.getLocation();
            return new ApiException(400, "malformed-json", "Malformed JSON",
                    "Malformed JSON at line " + location.getLineNr() + ", column " + location.getColumnNr()
                            + ": " + truncate(parse.getOriginalMessage()),
                    List.of(), Map.of());
        }
        if (e instanceof UnrecognizedPropertyException unknown) {
            String field = path(unknown);
            return ApiException.invalid("Unknown field '" + field + "': remove it; unknown fields are rejected",
                    List.of(new FieldViolation(field, "unknown-field", "Unknown field '" + unknown.getPropertyName()
                            + "'; known fields: " + unknown.getKnownPropertyIds())));
        }
        if (e instanceof ValueInstantiationException instantiation) {
            String field = path(instantiation);
            Throwable cause = instantiation.getCause();
            if (cause instanceof ApiException api) {
                return api;
            }
            String reason = cause instanceof IllegalArgumentException && cause.getMessage() != null
                    ? cause.getMessage() : "a required field is missing or a value is out of range";
            return ApiException.invalid("Invalid value" + (field.isEmpty() ? "" : " in '" + field + "'") + ": " + reason,
                    List.of(new FieldViolation(field, "invalid", reason)));
        }
        if (e instanceof InvalidFormatException format) {
            String field = path(format);
            String message = "Value " + quote(format.getValue()) + " is not a valid "
                    + typeName(format.getTargetType());
            return ApiException.invalid("Invalid value for " + describe(field) + ": " + message,
                    List.of(new FieldViolation(field, "type", message)));
        }
        if (e instanceof MismatchedInputException mismatch) {
            String field = path(mismatch);
            String message = "Expected " + typeName(mismatch.getTargetType());
            return ApiException.invalid("Wrong type for " + describe(field) + ": " + message,
                    List.of(new FieldViolation(field, "type", message)));
        }
        if (e instanceof JsonMappingException mapping) {
            String field = path(mapping);
            return ApiException.invalid("Invalid JSON value" + (field.isEmpty() ? "" : " for '" + field + "'"),
                    List.of(new FieldViolation(field, "invalid", "The value does not fit the expected structure")));
        }
        return ApiException.badRequest("The request body could not be read as JSON");
    }

    /** Returns the limit violation behind a read error; databind wraps some of them in a mapping error. */
    private static StreamConstraintsException findLimitViolation(Throwable error) {
        for (Throwable current = error; current != null; current = current.getCause()) {
            if (current instanceof StreamConstraintsException limit) {
                return limit;
            }
            if (current.getCause() == current) {
                break;
            }
        }
        return null;
    }

    /** Names a field path in a message; the empty path is the whole body. */
    private static String describe(String field) {
        return field.isEmpty() ? "the request body" : "'" + field + "'";
    }

    /** Builds a field path such as {@code ops[3].props.opacity} from Jackson's reference chain. */
    static String path(JsonMappingException e) {
        StringBuilder path = new StringBuilder();
        for (JsonMappingException.Reference reference : e.getPath()) {
            if (reference.getFieldName() != null) {
                if (path.length() > 0) {
                    path.append('.');
                }
                path.append(reference.getFieldName());
            } else if (reference.getIndex() >= 0) {
                path.append('[').append(reference.getIndex()).append(']');
            }
        }
        return path.toString();
    }

    /** Names a Java type the way a JSON client thinks of it, without leaking class names. */
    static String typeName(Class<?> type) {
        if (type == null) {
            return "value";
        }
        if (type == String.class || type == char.class || type == Character.class || type.isEnum()) {
            if (type.isEnum()) {
                return "one of " + Arrays.stream(type.getEnumConstants())
                        .map(constant -> ((Enum<?>) constant).name().toLowerCase(Locale.ROOT)).toList();
            }
            return "string";
        }
        if (type == boolean.class || type == Boolean.class) {
            return "boolean";
        }
        if (type == int.class || type == Integer.class || type == long.class || type == Long.class
                || type == short.class || type == Short.class || type == byte.class || type == Byte.class
                || type == java.math.BigInteger.class) {
            return "integer";
        }
        if (Number.class.isAssignableFrom(type) || type == double.class || type == float.class) {
            return "number";
        }
        if (type.isArray() || java.util.Collection.class.isAssignableFrom(type)) {
            return "array";
        }
        if (java.time.temporal.Temporal.class.isAssignableFrom(type)) {
            return "RFC 3339 timestamp";
        }
        return "object";
    }

    private static String quote(Object value) {
        return value instanceof String ? "'" + truncate((String) value) + "'" : truncate(String.valueOf(value));
    }

    /** Shortens client-supplied text echoed in an error, so a huge value does not make a huge response. */
    static String truncate(String text) {
        return text.length() <= MAX_ECHO_LENGTH ? text : text.substring(0, MAX_ECHO_LENGTH) + "...";
    }
}

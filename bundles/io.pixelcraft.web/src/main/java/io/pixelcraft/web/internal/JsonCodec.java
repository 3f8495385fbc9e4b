package io.pixelcraft.web.internal;

import com.fasterxml.jackson.annotation.JsonSetter;
import com.fasterxml.jackson.annotation.Nulls;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonParseException;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.core.exc.StreamConstraintsException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.JsonNode;
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
import com.fasterxml.jackson.databind.exc.InvalidNullException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import com.fasterxml.jackson.databind.exc.ValueInstantiationException;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import io.pixelcraft.api.web.ApiException;
import io.pixelcraft.api.web.FieldViolation;
import java.io.IOException;
import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * Reads request bodies and writes response bodies as JSON, with the API's rules: unknown fields,
 * duplicate keys and trailing content are rejected, nesting depth and string length are limited,
 * and timestamps ({@link Instant}) are written as RFC 3339 strings with at most millisecond
 * precision. Every route's JSON goes through this class, so it is the one place for those rules.
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
                // A key given twice is malformed-json that names the key, not a silent "last one wins".
                .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
                .build();
        this.mapper = JsonMapper.builder(factory)
                .addModule(new JavaTimeModule())
                .addModule(lowerCaseEnums())
                .addModule(millisecondInstants())
                .enable(MapperFeature.ACCEPT_CASE_INSENSITIVE_ENUMS)
                .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
                .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
                .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
                .disable(SerializationFeature.FAIL_ON_EMPTY_BEANS)
                // No type coercion: "12" is not an integer and 12 is not a string.
                .disable(MapperFeature.ALLOW_COERCION_OF_SCALARS)
                .build();
        // An explicit null for a primitive field is rule "required", as for a field marked Nulls.FAIL.
        for (Class<?> primitive : List.of(boolean.class, byte.class, short.class, int.class, long.class,
                float.class, double.class, char.class)) {
            mapper.configOverride(primitive).setSetterInfo(JsonSetter.Value.forValueNulls(Nulls.FAIL));
        }
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

    /**
     * Writes {@link Instant}s truncated to milliseconds, for example "2026-01-02T03:04:05.120Z".
     * {@code Instant.now()} on Java 17 has finer precision (nanoseconds on Linux), so without this a
     * route that returns it directly would differ from a route whose value went through MongoDB,
     * which stores milliseconds.
     */
    private static SimpleModule millisecondInstants() {
        SimpleModule module = new SimpleModule("pixelcraft-instants");
        module.addSerializer(Instant.class, new StdSerializer<Instant>(Instant.class) {
            private static final long serialVersionUID = 1L;

            @Override
            public void serialize(Instant value, JsonGenerator generator, SerializerProvider provider) throws IOException {
                generator.writeString(DateTimeFormatter.ISO_INSTANT.format(value.truncatedTo(ChronoUnit.MILLIS)));
            }
        });
        return module;
    }

    ObjectMapper mapper() {
        return mapper;
    }

    /**
     * Parses a request body into {@code type}. The body is first read as a tree, which catches
     * malformed JSON, duplicate keys, trailing content and the limits, and then bound to the type.
     *
     * @throws ApiException 400 when the body is empty, {@code null}, malformed, exceeds a limit,
     *         has unknown fields or values of the wrong type. A body with several invalid fields
     *         gets one violation per field.
     */
    <T> T read(byte[] body, Class<T> type) {
        if (body.length == 0) {
            throw ApiException.badRequest("The request body is missing: send a JSON document");
        }
        JsonNode tree = readTree(body);
        if (tree.isNull()) {
            throw ApiException.badRequest("The request body is the JSON literal null: send a JSON object");
        }
        try {
            return mapper.treeToValue(tree, type);
        } catch (IOException e) {
            throw bindingFailure(tree, type, e);
        }
    }

    /** Reads one JSON document and rejects anything after it. */
    private JsonNode readTree(byte[] body) {
        try (JsonParser parser = mapper.createParser(body)) {
            JsonNode tree = mapper.readTree(parser);
            if (tree == null) {
                throw ApiException.badRequest("The request body is missing: send a JSON document");
            }
            // Checked here and not with FAIL_ON_TRAILING_TOKENS, which reports a type mismatch.
            if (parser.nextToken() != null) {
                JsonLocation location = parser.currentTokenLocation();
                throw malformed(location, "content after the end of the JSON document; send exactly one document");
            }
            return tree;
        } catch (IOException e) {
            throw toApiException(e);
        }
    }

    /**
     * Translates a failure to bind {@code tree} to {@code type}. Jackson stops at the first invalid
     * field, so when the body is an object each of its fields is bound again on its own, and every
     * field that fails gets its own violation. Errors that come from the type's constructor
     * depend on several fields and are reported as the first failure only.
     */
    private ApiException bindingFailure(JsonNode tree, Class<?> type, IOException first) {
        ApiException firstProblem = toApiException(first);
        if (!(first instanceof MismatchedInputException) || !(tree instanceof ObjectNode object)) {
            return firstProblem;
        }
        List<FieldViolation> violations = new ArrayList<>();
        for (Map.Entry<String, JsonNode> field : object.properties()) {
            ObjectNode single = mapper.createObjectNode();
            single.set(field.getKey(), field.getValue());
            try {
                mapper.treeToValue(single, type);
            } catch (MismatchedInputException e) {
                toApiException(e).violations().stream()
                        .filter(violation -> isWithin(violation.field(), field.getKey()))
                        .forEach(violations::add);
            } catch (IOException e) {
                // A constructor check that fails on the fields left out of the probe, not on this one.
            }
        }
        if (violations.size() < 2) {
            return firstProblem;
        }
        String fields = violations.stream().map(FieldViolation::field).map(JsonCodec::describe)
                .collect(Collectors.joining(", "));
        return ApiException.invalid(violations.size() + " fields are invalid: " + fields
                + "; see 'errors' for the rule each one breaks", violations);
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
                            "json-limit", describeLimit(limit))));
        }
        if (e instanceof JsonParseException parse) {
            return malformed(parse.getLocation(), truncate(parse.getOriginalMessage()));
        }
        if (e instanceof InvalidNullException nullValue) {
            String field = path(nullValue);
            return ApiException.invalidField(field, "required", "Field '" + field
                    + "' is missing or null: send a value");
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

    /** Tells whether a violation's path is the field {@code name} or lies inside it. */
    private static boolean isWithin(String path, String name) {
        return path.equals(name) || path.startsWith(name + ".") || path.startsWith(name + "[");
    }

    private static ApiException malformed(JsonLocation location, String reason) {
        return new ApiException(400, "malformed-json", "Malformed JSON",
                "Malformed JSON at line " + location.getLineNr() + ", column " + location.getColumnNr() + ": " + reason,
                List.of(), Map.of());
    }

    /**
     * Names the limit that a body broke. Jackson's own message names its configuration class,
     * which the API never shows to clients, so the message is rebuilt from the limit's kind.
     */
    private String describeLimit(StreamConstraintsException limit) {
        String original = String.valueOf(limit.getOriginalMessage());
        if (original.contains("nesting depth")) {
            return "Objects and arrays are nested more than " + maxNestingDepth + " levels deep";
        }
        if (original.contains("String value length")) {
            return "A string value is longer than " + maxStringLength + " characters";
        }
        if (original.contains("Name length")) {
            return "A field name is longer than " + StreamReadConstraints.DEFAULT_MAX_NAME_LEN + " characters";
        }
        return "A number or document exceeds the parser's size limit";
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

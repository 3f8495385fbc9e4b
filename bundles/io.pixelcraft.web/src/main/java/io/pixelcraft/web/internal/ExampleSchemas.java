package io.pixelcraft.web.internal;

import com.fasterxml.jackson.databind.BeanDescription;
import com.fasterxml.jackson.databind.JavaType;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.introspect.BeanPropertyDefinition;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.time.temporal.Temporal;
import java.util.HashMap;
import java.util.Iterator;
import java.util.Map;

/**
 * Infers JSON Schemas from route examples. An example shows the shape of a body, not its
 * constraints, so only the top level of a request body gets {@code required} (its non-null
 * fields) and {@code additionalProperties: false} (the dispatcher rejects unknown fields).
 * Nested objects list their fields without either, because one example cannot show which nested
 * fields are optional: the op batch example sets only {@code props.opacity}, yet other ops set
 * other properties. A field that is {@code null} in the example takes its type from the Java
 * property it was serialised from.
 */
final class ExampleSchemas {

    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    /** Where a schema sits, which decides the constraints an example may imply there. */
    enum Position {
        REQUEST_BODY, REQUEST_NESTED, RESPONSE
    }

    private final ObjectMapper mapper;

    ExampleSchemas(ObjectMapper mapper) {
        this.mapper = mapper;
    }

    /** Infers the schema of a request or response body from its example object. */
    ObjectNode infer(Object example, boolean request) {
        JsonNode tree = mapper.valueToTree(example);
        return schemaOf(tree, mapper.constructType(example.getClass()), request ? Position.REQUEST_BODY : Position.RESPONSE);
    }

    /**
     * Infers a schema from an example value.
     *
     * @param declared the Java type the value was serialised from, or {@code null} when unknown
     */
    ObjectNode schemaOf(JsonNode example, JavaType declared, Position position) {
        ObjectNode schema = NODES.objectNode();
        Position nested = position == Position.RESPONSE ? Position.RESPONSE : Position.REQUEST_NESTED;
        switch (example.getNodeType()) {
            case OBJECT -> {
                schema.put("type", "object");
                ObjectNode properties = schema.putObject("properties");
                ArrayNode required = NODES.arrayNode();
                Map<String, JavaType> fieldTypes = fieldTypes(declared);
                Iterator<Map.Entry<String, JsonNode>> fields = example.fields();
                while (fields.hasNext()) {
                    Map.Entry<String, JsonNode> field = fields.next();
                    JavaType fieldType = fieldTypes.containsKey(field.getKey()) ? fieldTypes.get(field.getKey())
                            : mapValueType(declared);
                    properties.set(field.getKey(), schemaOf(field.getValue(), fieldType, nested));
                    if (!field.getValue().isNull()) {
                        required.add(field.getKey());
                    }
                }
                if (position == Position.REQUEST_BODY) {
                    if (!required.isEmpty()) {
                        schema.set("required", required);
                    }
                    schema.put("additionalProperties", false);
                }
            }
            case ARRAY -> {
                schema.put("type", "array");
                JavaType itemType = declared == null ? null : declared.getContentType();
                schema.set("items", example.isEmpty() ? NODES.objectNode() : schemaOf(example.get(0), itemType, nested));
            }
            case STRING -> {
                schema.put("type", "string");
                if (isTimestamp(example.textValue())) {
                    schema.put("format", "date-time");
                }
            }
            case NUMBER -> schema.put("type", example.isIntegralNumber() ? "integer" : "number");
            case BOOLEAN -> schema.put("type", "boolean");
            case NULL -> nullSchema(schema, declared);
            default -> {
            }
        }
        return schema;
    }

    /** Describes a field that is null in the example by its Java type, as that type or null. */
    private static void nullSchema(ObjectNode schema, JavaType declared) {
        String type = declared == null ? null : jsonType(declared);
        if (type == null) {
            schema.put("description", "null in the example; the type is not documented");
            return;
        }
        schema.putArray("type").add(type).add("null");
        if (Temporal.class.isAssignableFrom(declared.getRawClass())) {
            schema.put("format", "date-time");
        }
    }

    /** Returns the JSON type the mapper writes for a Java type, or {@code null} for any value. */
    private static String jsonType(JavaType type) {
        Class<?> raw = type.getRawClass();
        if (raw == Object.class || raw == JsonNode.class) {
            return null;
        }
        if (CharSequence.class.isAssignableFrom(raw) || raw.isEnum() || raw == Character.class || raw == char.class
                || Temporal.class.isAssignableFrom(raw)) {
            return "string";
        }
        if (raw == Integer.class || raw == int.class || raw == Long.class || raw == long.class || raw == Short.class
                || raw == short.class || raw == Byte.class || raw == byte.class || raw == java.math.BigInteger.class) {
            return "integer";
        }
        if (Number.class.isAssignableFrom(raw) || raw == double.class || raw == float.class) {
            return "number";
        }
        if (raw == Boolean.class || raw == boolean.class) {
            return "boolean";
        }
        if (type.isCollectionLikeType() || type.isArrayType()) {
            return "array";
        }
        return "object";
    }

    /** Returns the serialised property types of a bean or record type; empty for maps and unknown types. */
    private Map<String, JavaType> fieldTypes(JavaType declared) {
        Map<String, JavaType> types = new HashMap<>();
        if (declared == null || declared.isMapLikeType() || declared.isContainerType()
                || declared.getRawClass() == Object.class) {
            return types;
        }
        BeanDescription description = mapper.getSerializationConfig().introspect(declared);
        for (BeanPropertyDefinition property : description.findProperties()) {
            if (property.couldSerialize()) {
                types.put(property.getName(), property.getPrimaryType());
            }
        }
        return types;
    }

    private static JavaType mapValueType(JavaType declared) {
        return declared != null && declared.isMapLikeType() ? declared.getContentType() : null;
    }

    private static boolean isTimestamp(String value) {
        if (value.length() < 20 || value.charAt(10) != 'T') {
            return false;
        }
        try {
            OffsetDateTime.parse(value);
            return true;
        } catch (DateTimeParseException e) {
            return false;
        }
    }
}

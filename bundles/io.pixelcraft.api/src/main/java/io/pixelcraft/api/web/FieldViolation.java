package io.pixelcraft.api.web;

/**
 * One invalid field in a request.
 *
 * @param field   JSON path of the field, for example {@code ops[3].props.opacity}
 * @param rule    the rule it broke, for example {@code range}
 * @param message a sentence naming the value and the fix
 */
public record FieldViolation(String field, String rule, String message) {
}

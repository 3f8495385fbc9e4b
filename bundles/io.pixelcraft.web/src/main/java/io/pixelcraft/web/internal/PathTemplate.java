package io.pixelcraft.web.internal;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A route's path template split into segments, for example {@code /api/projects/{id}} into the
 * literal segments {@code api} and {@code projects} and the parameter {@code id}.
 */
final class PathTemplate {

    private final String template;
    private final List<String> segments;
    private final boolean[] parameter;
    private final String shape;

    PathTemplate(String template) {
        this.template = template;
        this.segments = List.of(template.substring(1).split("/"));
        this.parameter = new boolean[segments.size()];
        StringBuilder shapeBuilder = new StringBuilder();
        for (int i = 0; i < segments.size(); i++) {
            String segment = segments.get(i);
            parameter[i] = segment.startsWith("{");
            shapeBuilder.append('/').append(parameter[i] ? "{}" : segment);
        }
        this.shape = shapeBuilder.toString();
    }

    String template() {
        return template;
    }

    /** Returns the template with parameter names removed, so {@code /a/{id}} and {@code /a/{x}} compare equal. */
    String shape() {
        return shape;
    }

    /** Returns the parameter names in path order. */
    List<String> parameterNames() {
        List<String> names = new ArrayList<>();
        for (int i = 0; i < segments.size(); i++) {
            if (parameter[i]) {
                names.add(name(i));
            }
        }
        return names;
    }

    /**
     * Matches decoded path segments against this template.
     *
     * @return the parameter values by name, or {@code null} when the path does not match
     */
    Map<String, String> match(List<String> path) {
        if (path.size() != segments.size()) {
            return null;
        }
        Map<String, String> values = new LinkedHashMap<>();
        for (int i = 0; i < segments.size(); i++) {
            String value = path.get(i);
            if (parameter[i]) {
                if (value.isEmpty()) {
                    return null;
                }
                values.put(name(i), value);
            } else if (!segments.get(i).equals(value)) {
                return null;
            }
        }
        return Collections.unmodifiableMap(values);
    }

    /**
     * Orders templates from most to least specific: at the first segment where they differ, a
     * literal segment wins over a parameter, so {@code /projects/trash} is tried before
     * {@code /projects/{id}}.
     */
    static int bySpecificity(PathTemplate a, PathTemplate b) {
        int common = Math.min(a.segments.size(), b.segments.size());
        for (int i = 0; i < common; i++) {
            if (a.parameter[i] != b.parameter[i]) {
                return a.parameter[i] ? 1 : -1;
            }
        }
        return a.shape.compareTo(b.shape);
    }

    private String name(int index) {
        String segment = segments.get(index);
        return segment.substring(1, segment.length() - 1);
    }
}

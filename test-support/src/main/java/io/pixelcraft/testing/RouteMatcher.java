package io.pixelcraft.testing;

import io.pixelcraft.api.web.Route;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Matches a request against a route's method and path template, as the web bundle's dispatcher does. */
public final class RouteMatcher {

    private static final Pattern PLACEHOLDER = Pattern.compile("\\{([A-Za-z][A-Za-z0-9]*)\\}");

    private RouteMatcher() {
    }

    /**
     * Returns the path parameters when the method and path match the route, otherwise empty. A
     * placeholder such as {@code {projectId}} matches one path segment, without decoding.
     */
    public static Optional<Map<String, String>> match(Route route, String method, String path) {
        if (!route.method().equals(method)) {
            return Optional.empty();
        }
        List<String> names = new ArrayList<>();
        Matcher placeholders = PLACEHOLDER.matcher(route.path());
        StringBuilder regex = new StringBuilder();
        int last = 0;
        while (placeholders.find()) {
            regex.append(Pattern.quote(route.path().substring(last, placeholders.start()))).append("([^/]+)");
            names.add(placeholders.group(1));
            last = placeholders.end();
        }
        regex.append(Pattern.quote(route.path().substring(last)));
        Matcher matcher = Pattern.compile(regex.toString()).matcher(path);
        if (!matcher.matches()) {
            return Optional.empty();
        }
        Map<String, String> params = new HashMap<>();
        for (int i = 0; i < names.size(); i++) {
            params.put(names.get(i), matcher.group(i + 1));
        }
        return Optional.of(params);
    }
}

package io.pixelcraft.versions.internal;

import io.pixelcraft.api.document.DocumentSnapshot;
import io.pixelcraft.api.project.ProjectNotFoundException;
import io.pixelcraft.api.web.Access;
import io.pixelcraft.api.web.ApiException;
import io.pixelcraft.api.web.ApiRequest;
import io.pixelcraft.api.web.ApiResponse;
import io.pixelcraft.api.web.BodyLimit;
import io.pixelcraft.api.web.Cursors;
import io.pixelcraft.api.web.Page;
import io.pixelcraft.api.web.PageRequest;
import io.pixelcraft.api.web.ProjectRole;
import io.pixelcraft.api.web.Route;
import io.pixelcraft.versions.internal.Views.DiffView;
import io.pixelcraft.versions.internal.Views.NameVersion;
import io.pixelcraft.versions.internal.Views.PatchVersion;
import io.pixelcraft.versions.internal.Views.RestoreView;
import io.pixelcraft.versions.internal.Views.VersionDocument;
import io.pixelcraft.versions.internal.Views.VersionView;
import java.io.OutputStream;
import java.io.IOException;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Function;
import java.util.function.Supplier;
import java.util.regex.Pattern;

/** The {@code /api/projects/{id}/versions} routes. Handlers validate input and call {@link VersionService}. */
final class VersionRoutes {

    private static final String TAG = "versions";
    private static final String BASE = "/api/projects/{id}/versions";
    private static final String ONE = BASE + "/{v}";
    private static final int MAX_LABEL = 100;
    private static final int MAX_DESCRIPTION = 2000;
    /** Version numbers as the API accepts them: 1 to 999,999,999,999 without leading zeros. */
    private static final Pattern NUMBER = Pattern.compile("[1-9][0-9]{0,11}");

    private final VersionService versions;
    private final Function<String, List<String>> pendingAuthors;

    /** @param pendingAuthors takes the authors of a project's edits not yet in a version */
    VersionRoutes(VersionService versions, Function<String, List<String>> pendingAuthors) {
        this.versions = versions;
        this.pendingAuthors = pendingAuthors;
    }

    List<Route> routes() {
        Access viewer = Access.project(ProjectRole.VIEWER, "id");
        Access editor = Access.project(ProjectRole.EDITOR, "id");
        Access owner = Access.project(ProjectRole.OWNER, "id");
        return List.of(
                Route.route("GET", BASE).access(viewer).tag(TAG).bodyLimit(BodyLimit.NONE)
                        .summary("List the project's versions, newest first (limit, cursor)").handler(this::list),
                Route.route("POST", BASE).access(editor).tag(TAG)
                        .summary("Name the current document as a version")
                        .request(new NameVersion("Sent to client", "Second round with the new logo"))
                        .response(201, null).handler(this::name),
                Route.route("PATCH", ONE).access(editor).tag(TAG)
                        .summary("Change a version's label or description")
                        .request(new PatchVersion("Approved", null)).handler(this::patch),
                Route.route("DELETE", ONE).access(owner).tag(TAG).bodyLimit(BodyLimit.NONE)
                        .summary("Delete a version (owner only)").response(204, null).handler(this::delete),
                Route.route("GET", ONE + "/document").access(viewer).tag(TAG).bodyLimit(BodyLimit.NONE)
                        .summary("Get a version's document, read-only").handler(this::document),
                Route.route("GET", ONE + "/thumbnail").access(viewer).tag(TAG).bodyLimit(BodyLimit.NONE)
                        .summary("Get a version's PNG thumbnail").handler(this::thumbnail),
                Route.route("POST", ONE + "/restore").access(editor).tag(TAG).bodyLimit(BodyLimit.NONE)
                        .summary("Make a version the current document as a new entry in history").handler(this::restore),
                Route.route("GET", ONE + "/diff").access(viewer).tag(TAG).bodyLimit(BodyLimit.NONE)
                        .summary("List nodes added, removed and changed from version 'against' (default: the current document) to this version")
                        .handler(this::diff));
    }

    private ApiResponse list(ApiRequest request) {
        PageRequest page = PageRequest.of(request);
        long before = page.cursorParts(1).map(parts -> cursorNumber(parts.get(0))).orElse(VersionStore.MAX_NUMBER + 1);
        List<VersionRecord> found = guarded(() -> versions.list(request.pathParam("id"), before, page.limit() + 1));
        List<VersionView> items = found.stream().limit(page.limit()).map(VersionView::of).toList();
        String next = found.size() > page.limit() ? Cursors.encode(Long.toString(items.get(items.size() - 1).number())) : null;
        return ApiResponse.ok(new Page<>(items, next));
    }

    private ApiResponse name(ApiRequest request) {
        NameVersion body = request.body(NameVersion.class);
        String label = label(body.label(), true);
        String description = description(body.description());
        String userId = request.requirePrincipal().userId();
        String projectId = request.pathParam("id");
        VersionRecord version = guarded(() -> versions.create(projectId, new VersionService.NewVersion(
                VersionRecord.NAMED, label, description, userId, List.of(userId), null)));
        return ApiResponse.created(VersionView.of(version));
    }

    private ApiResponse patch(ApiRequest request) {
        long number = number(request);
        PatchVersion body = request.body(PatchVersion.class);
        String label = label(body.label(), false);
        // An empty or blank description clears it; an absent one stays unchanged.
        String description = body.description() == null ? null
                : Objects.requireNonNullElse(description(body.description()), "");
        VersionRecord version = guarded(() -> versions.rename(request.pathParam("id"), number, label, description));
        return ApiResponse.ok(VersionView.of(version));
    }

    private ApiResponse delete(ApiRequest request) {
        long number = number(request);
        guarded(() -> {
            versions.delete(request.pathParam("id"), number);
            return null;
        });
        return ApiResponse.noContent();
    }

    private ApiResponse document(ApiRequest request) {
        long number = number(request);
        String projectId = request.pathParam("id");
        DocumentSnapshot snapshot = guarded(() -> versions.document(projectId, number));
        return ApiResponse.ok(new VersionDocument(projectId, number, snapshot.revision(), snapshot.nodes()));
    }

    private ApiResponse thumbnail(ApiRequest request) {
        long number = number(request);
        byte[] png = guarded(() -> versions.thumbnail(request.pathParam("id"), number));
        // A version's content never changes, so its thumbnail can be cached for as long as it exists.
        return ApiResponse.ok(new Png(png)).withHeader("Cache-Control", "private, max-age=86400");
    }

    private ApiResponse restore(ApiRequest request) {
        long number = number(request);
        String projectId = request.pathParam("id");
        String userId = request.requirePrincipal().userId();
        VersionService.Restored restored = guarded(
                () -> versions.restore(projectId, number, userId, pendingAuthors.apply(projectId)));
        VersionView savedBefore = restored.savedBefore() == null ? null : VersionView.of(restored.savedBefore());
        return ApiResponse.ok(new RestoreView(restored.revision(), savedBefore, VersionView.of(restored.restored())));
    }

    private ApiResponse diff(ApiRequest request) {
        long number = number(request);
        Optional<Long> against = request.query("against").filter(value -> !value.equals("current"))
                .map(value -> parse(value, "against"));
        DocumentDiff diff = guarded(() -> versions.diff(request.pathParam("id"), number, against));
        return ApiResponse.ok(new DiffView(number, against.orElse(null), diff.added(), diff.removed(), diff.changed()));
    }

    // ---- input ----

    private static long number(ApiRequest request) {
        return parse(request.pathParam("v"), "v");
    }

    private static long parse(String value, String field) {
        if (value == null || !NUMBER.matcher(value).matches()) {
            throw ApiException.invalidField(field, "format", "Version number '" + value
                    + "' is invalid: use a version's 'number' from the version list (1 to 999999999999)");
        }
        return Long.parseLong(value);
    }

    private static long cursorNumber(String value) {
        if (!NUMBER.matcher(value).matches()) {
            throw ApiException.invalidField("cursor", "format",
                    "Invalid cursor: pass the 'next' value of the previous page unchanged, or omit it for the first page");
        }
        return Long.parseLong(value);
    }

    private static String label(String value, boolean required) {
        if (value == null) {
            if (required) {
                throw ApiException.invalidField("label", "required", "Field 'label' is missing: name the version");
            }
            return null;
        }
        String trimmed = value.strip();
        if (trimmed.isEmpty() || trimmed.length() > MAX_LABEL) {
            throw ApiException.invalidField("label", "length",
                    "Field 'label' has " + trimmed.length() + " characters: use 1 to " + MAX_LABEL);
        }
        return trimmed;
    }

    private static String description(String value) {
        if (value == null || value.isBlank()) {
            return null;
        }
        if (value.length() > MAX_DESCRIPTION) {
            throw ApiException.invalidField("description", "length",
                    "Field 'description' has " + value.length() + " characters: use at most " + MAX_DESCRIPTION);
        }
        return value.strip();
    }

    /** Runs a service call and turns missing projects and versions into 404 responses. */
    private static <T> T guarded(Supplier<T> call) {
        try {
            return call.get();
        } catch (ProjectNotFoundException | VersionNotFoundException e) {
            throw ApiException.notFound(e.getMessage());
        }
    }


    /** A PNG body. */
    private record Png(byte[] bytes) implements ApiResponse.Streamed {
        @Override
        public String mediaType() {
            return "image/png";
        }

        @Override
        public void writeTo(OutputStream out) throws IOException {
            out.write(bytes);
        }
    }
}

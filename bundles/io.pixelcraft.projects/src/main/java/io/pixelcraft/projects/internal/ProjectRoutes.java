package io.pixelcraft.projects.internal;

import io.pixelcraft.api.collab.LiveRooms;
import io.pixelcraft.api.document.BatchResult;
import io.pixelcraft.api.document.Document;
import io.pixelcraft.api.document.DocumentEngine;
import io.pixelcraft.api.document.ExportFormat;
import io.pixelcraft.api.document.FilterLookup;
import io.pixelcraft.api.document.ImageLookup;
import io.pixelcraft.api.document.Op;
import io.pixelcraft.api.document.RenderRequest;
import io.pixelcraft.api.document.RenderResult;
import io.pixelcraft.api.image.ImageStore;
import io.pixelcraft.api.project.ProjectNotFoundException;
import io.pixelcraft.api.web.Access;
import io.pixelcraft.api.web.ApiException;
import io.pixelcraft.api.web.ApiRequest;
import io.pixelcraft.api.web.ApiResponse;
import io.pixelcraft.api.web.BodyLimit;
import io.pixelcraft.api.web.FieldViolation;
import io.pixelcraft.api.web.Page;
import io.pixelcraft.api.web.ProjectRole;
import io.pixelcraft.api.web.Route;
import io.pixelcraft.projects.internal.Views.BatchView;
import io.pixelcraft.projects.internal.Views.CreateProject;
import io.pixelcraft.projects.internal.Views.DocumentView;
import io.pixelcraft.projects.internal.Views.OpBatch;
import io.pixelcraft.projects.internal.Views.PatchProject;
import io.pixelcraft.projects.internal.Views.PutMember;
import java.io.OutputStream;
import java.io.IOException;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.RejectedExecutionException;
import java.util.function.Supplier;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The {@code /api/projects} routes. Handlers validate input and call the services. */
final class ProjectRoutes {

    private static final Logger LOG = LoggerFactory.getLogger(ProjectRoutes.class);

    /** {@code Retry-After} seconds of an export rejected because the render memory budget is in use. */
    static final long EXPORT_RETRY_AFTER_SECONDS = 10;

    private static final String TAG = "projects";
    private static final String ID = "/api/projects/{id}";
    private static final Pattern NODE_ID = Pattern.compile("[A-Za-z0-9_.:-]{1,64}");
    /** Render issues listed in the response header; the count is always complete. */
    private static final int MAX_LISTED_ISSUES = 5;

    private final ProjectService projects;
    private final DocumentService documents;
    private final EditRouter edits;
    private final OpRateLimit opRate;
    private final ImageAccessCheck imageAccess;
    private final DocumentEngine engine;
    private final Supplier<ImageLookup> images;
    private final Supplier<FilterLookup> filters;
    private final double defaultWidth;
    private final double defaultHeight;

    ProjectRoutes(ProjectService projects, DocumentService documents, DocumentEngine engine, Supplier<ImageLookup> images,
            Supplier<FilterLookup> filters, double defaultWidth, double defaultHeight) {
        this(projects, documents, () -> null, engine, images, filters, defaultWidth, defaultHeight);
    }

    /** Without an image store, so ops and thumbnails that name an image are rejected with 503. */
    ProjectRoutes(ProjectService projects, DocumentService documents, Supplier<LiveRooms> liveRooms, DocumentEngine engine,
            Supplier<ImageLookup> images, Supplier<FilterLookup> filters, double defaultWidth, double defaultHeight) {
        this(projects, documents, liveRooms, () -> null, engine, images, filters, defaultWidth, defaultHeight);
    }

    /**
     * With {@code liveRooms}, op batches go through a project's open collaboration room. The
     * {@code imageStore} decides which images a caller may put into documents and thumbnails.
     */
    ProjectRoutes(ProjectService projects, DocumentService documents, Supplier<LiveRooms> liveRooms,
            Supplier<ImageStore> imageStore, DocumentEngine engine, Supplier<ImageLookup> images,
            Supplier<FilterLookup> filters, double defaultWidth, double defaultHeight) {
        this(projects, documents, liveRooms, imageStore, engine, images, filters, defaultWidth, defaultHeight,
                new OpRateLimit(OpRateLimit.DEFAULT_OPS_PER_SECOND, OpRateLimit.DEFAULT_BURST));
    }

    /** With {@code opRate}, the limit of ops per second that each user may send to each project over REST. */
    ProjectRoutes(ProjectService projects, DocumentService documents, Supplier<LiveRooms> liveRooms,
            Supplier<ImageStore> imageStore, DocumentEngine engine, Supplier<ImageLookup> images,
            Supplier<FilterLookup> filters, double defaultWidth, double defaultHeight, OpRateLimit opRate) {
        this.projects = projects;
        this.documents = documents;
        this.edits = new EditRouter(documents, liveRooms);
        this.opRate = opRate;
        this.imageAccess = new ImageAccessCheck(imageStore);
        this.engine = engine;
        this.images = images;
        this.filters = filters;
        this.defaultWidth = defaultWidth;
        this.defaultHeight = defaultHeight;
    }

    List<Route> routes() {
        Access viewer = Access.project(ProjectRole.VIEWER, "id");
        Access editor = Access.project(ProjectRole.EDITOR, "id");
        Access owner = Access.project(ProjectRole.OWNER, "id");
        return List.of(
                Route.route("GET", "/api/projects").tag(TAG).summary("List the caller's projects, or with trash=true the trashed ones")
                        .bodyLimit(BodyLimit.NONE).handler(this::list),
                Route.route("POST", "/api/projects").tag(TAG).summary("Create a project with an empty document")
                        .request(new CreateProject("Poster", 1080.0, 1350.0)).response(201, null).handler(this::create),
                Route.route("GET", ID).access(viewer).tag(TAG).summary("Get a project").bodyLimit(BodyLimit.NONE)
                        .handler(r -> ApiResponse.ok(projects.get(userId(r), r.pathParam("id")))),
                Route.route("PATCH", ID).access(editor).tag(TAG).summary("Rename a project or set its thumbnail")
                        .request(new PatchProject("Poster v2", null)).handler(this::patch),
                Route.route("DELETE", ID).access(owner).tag(TAG).summary("Move a project to the trash")
                        .bodyLimit(BodyLimit.NONE).response(204, null).handler(this::trash),
                Route.route("POST", ID + "/restore").tag(TAG).summary("Restore a project from the trash (owner only)")
                        .bodyLimit(BodyLimit.NONE).handler(r -> ApiResponse.ok(projects.restore(userId(r), r.pathParam("id")))),
                Route.route("GET", ID + "/document").access(viewer).tag(TAG).summary("Get the project's document")
                        .bodyLimit(BodyLimit.NONE).handler(this::document),
                Route.route("POST", ID + "/ops").access(editor).tag(TAG).bodyLimit(BodyLimit.JSON_LARGE)
                        .summary("Apply a batch of ops atomically; 400 names the op index, field path and rule of the first "
                                + "invalid op. Over the op rate per user and project, 429 with Retry-After")
                        .request(new OpBatch(List.of(Op.set("client-1:42", "rect-1", Map.of("opacity", 0.5)))))
                        .handler(this::ops),
                Route.route("GET", ID + "/export").access(viewer).tag(TAG).bodyLimit(BodyLimit.NONE)
                        .summary("Render the document or a node as PNG or JPEG (format=png|jpeg, scale=1|2, node=id)")
                        .handler(this::export),
                Route.route("GET", ID + "/members").access(viewer).tag(TAG).summary("List the project's members")
                        .bodyLimit(BodyLimit.NONE).handler(r -> ApiResponse.ok(projects.members(r.pathParam("id")))),
                Route.route("PUT", ID + "/members/{userId}").access(owner).tag(TAG)
                        .summary("Add a member or change a role; role owner transfers ownership")
                        .request(new PutMember("editor")).handler(this::putMember),
                Route.route("DELETE", ID + "/members/{userId}").access(viewer).tag(TAG)
                        .summary("Remove a member (owner) or leave the project (any member)")
                        .bodyLimit(BodyLimit.NONE).response(204, null).handler(this::removeMember));
    }

    private static String userId(ApiRequest request) {
        return request.requirePrincipal().userId();
    }

    private ApiResponse list(ApiRequest request) {
        int limit = request.queryInt("limit", Page.DEFAULT_LIMIT, 1, Page.MAX_LIMIT);
        boolean trash = request.query("trash").map(value -> switch (value) {
            case "true" -> true;
            case "false" -> false;
            default -> throw ApiException.invalidField("trash", "enum", "Query parameter 'trash' must be true or false");
        }).orElse(false);
        ProjectService.Page page = projects.page(userId(request), request.query("cursor").orElse(null), limit, trash);
        return ApiResponse.ok(new Page<>(page.items(), page.next()));
    }

    private ApiResponse create(ApiRequest request) {
        CreateProject body = request.body(CreateProject.class);
        double width = canvas("width", body.width(), defaultWidth);
        double height = canvas("height", body.height(), defaultHeight);
        return ApiResponse.created(projects.create(userId(request), body.name(), width, height));
    }

    private static double canvas(String field, Double value, double fallback) {
        if (value == null) {
            return fallback;
        }
        if (!(value >= 1 && value <= 100_000)) {
            throw ApiException.invalidField(field, "range", "Field '" + field + "' is " + value + ": use 1 to 100000");
        }
        return value;
    }

    private ApiResponse patch(ApiRequest request) {
        PatchProject body = request.body(PatchProject.class);
        imageAccess.checkThumbnail(request.requirePrincipal(), body.thumbnail());
        return ApiResponse.ok(projects.patch(userId(request), request.pathParam("id"), body.name(), body.thumbnail()));
    }

    private ApiResponse trash(ApiRequest request) {
        projects.moveToTrash(userId(request), request.pathParam("id"));
        return ApiResponse.noContent();
    }

    private ApiResponse document(ApiRequest request) {
        String projectId = request.pathParam("id");
        try {
            DocumentView view = documents.read(projectId,
                    document -> new DocumentView(projectId, document.revision(), document.snapshot().nodes()));
            return ApiResponse.ok(view);
        } catch (ProjectNotFoundException e) {
            throw ApiException.notFound(e.getMessage());
        }
    }

    private ApiResponse ops(ApiRequest request) {
        String projectId = request.pathParam("id");
        OpBatch body = request.body(OpBatch.class);
        if (body.ops() == null) {
            throw ApiException.invalidField("ops", "required", "Field 'ops' is missing: send {\"ops\": [...]}");
        }
        if (body.ops().isEmpty()) {
            // The WebSocket protocol rejects an empty batch too, so both edit paths accept the same batches.
            throw ApiException.invalidField("ops", "size", "Field 'ops' is an empty array: send at least one op");
        }
        opRate.take(userId(request), projectId, body.ops().size());
        // Checked before routing, so a batch naming an image the caller may not read reaches neither the room nor the store.
        imageAccess.checkOps(request.requirePrincipal(), body.ops());
        BatchResult result;
        try {
            result = edits.apply(projectId, body.ops(), userId(request));
        } catch (ProjectNotFoundException e) {
            throw ApiException.notFound(e.getMessage());
        }
        if (!result.applied()) {
            List<FieldViolation> violations = result.violations().stream()
                    .map(v -> new FieldViolation(v.path(), v.rule(), v.message())).toList();
            throw ApiException.invalid("Op " + result.violations().get(0).opIndex() + " is invalid, so no op of the batch was applied: "
                    + result.violations().get(0).message(), violations);
        }
        return ApiResponse.ok(new BatchView(result.revision(), result.outcomes()));
    }

    private ApiResponse export(ApiRequest request) {
        String projectId = request.pathParam("id");
        ExportFormat format = switch (request.query("format").orElse("png").toLowerCase(Locale.ROOT)) {
            case "png" -> ExportFormat.PNG;
            case "jpeg", "jpg" -> ExportFormat.JPEG;
            default -> throw ApiException.invalidField("format", "enum", "Query parameter 'format' must be png or jpeg");
        };
        int scale = request.queryInt("scale", 1, 1, 2);
        String nodeId = request.query("node").orElse(null);
        if (nodeId != null && !NODE_ID.matcher(nodeId).matches()) {
            throw ApiException.invalidField("node", "syntax", "Query parameter 'node' is not a node id");
        }

        Document copy;
        try {
            // Rendering works on a private copy, so edits of the project do not wait for it.
            copy = engine.open(documents.load(projectId));
        } catch (ProjectNotFoundException e) {
            throw ApiException.notFound(e.getMessage());
        }
        if (nodeId != null && copy.node(nodeId).isEmpty()) {
            throw ApiException.notFound("Node '" + nodeId + "' was not found in project '" + projectId + "'");
        }

        RenderResult result;
        try {
            result = engine.render(copy, new RenderRequest(nodeId, null, scale), images.get(), filters.get());
        } catch (IllegalArgumentException e) {
            LOG.info("Export of project {} by user {} rejected with 422: {}", projectId, userId(request), e.getMessage());
            throw ApiException.unprocessable(e.getMessage() + exportAdvice(scale, nodeId));
        } catch (RejectedExecutionException e) {
            LOG.warn("Export of project {} by user {} rejected with 503: {}", projectId, userId(request), e.getMessage());
            throw ApiException.unavailable(e.getMessage() + ". Retry after " + EXPORT_RETRY_AFTER_SECONDS
                    + " s, or lower the memory the export needs: " + (scale > 1 ? "export with scale=1, or " : "")
                    + "export one node with node=<id>", EXPORT_RETRY_AFTER_SECONDS);
        }

        ApiResponse response = ApiResponse.ok(new Exported(engine, result, format))
                .withHeader("Content-Disposition", "attachment; filename=\"" + projectId + "." + (format == ExportFormat.PNG ? "png" : "jpg") + "\"");
        if (!result.issues().isEmpty()) {
            response = response.withHeader("PixelCraft-Render-Issues", result.issues().size() + " "
                    + result.issues().stream().limit(MAX_LISTED_ISSUES).map(i -> i.kind() + ":" + i.nodeId())
                            .collect(Collectors.joining(",")));
        }
        return response;
    }

    /** Suggests only what this route can change: the scale (1 or 2) and the node to export. */
    private static String exportAdvice(int scale, String nodeId) {
        if (scale > 1) {
            return ". Export with scale=1" + (nodeId == null ? ", or export one node with node=<id>" : "");
        }
        return nodeId == null ? ". Export one node with node=<id>; the whole canvas is too large to export"
                : ". This node is too large to export";
    }

    /** An export body, encoded while the response is written. */
    private record Exported(DocumentEngine engine, RenderResult result, ExportFormat format) implements ApiResponse.Streamed {

        @Override
        public String mediaType() {
            return format.mediaType();
        }

        @Override
        public void writeTo(OutputStream out) throws IOException {
            engine.export(result, format, out);
        }
    }

    private ApiResponse putMember(ApiRequest request) {
        PutMember body = request.body(PutMember.class);
        ProjectRole role;
        try {
            role = ProjectRole.fromJson(body.role());
        } catch (IllegalArgumentException e) {
            throw ApiException.invalidField("role", "enum", "Field 'role' must be viewer, editor or owner");
        }
        return ApiResponse.ok(projects.putMember(userId(request), request.pathParam("id"), request.pathParam("userId"), role));
    }

    private ApiResponse removeMember(ApiRequest request) {
        ProjectRole callerRole = request.projectRole().orElseThrow();
        projects.removeMember(userId(request), callerRole, request.pathParam("id"), request.pathParam("userId"));
        return ApiResponse.noContent();
    }
}

package io.pixelcraft.projects.internal;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

/** Settings of the projects bundle, PID {@code io.pixelcraft.projects}. */
@ObjectClassDefinition(name = "PixelCraft projects", description = "Trash retention, snapshots, the document cache and project thumbnails")
public @interface ProjectsConfig {

    @AttributeDefinition(description = "Days a deleted project stays in the trash and can be restored")
    int trashRetentionDays() default 30;

    @AttributeDefinition(description = "Changing batches between two document snapshots; loading replays at most this many")
    int snapshotEveryBatches() default 200;

    @AttributeDefinition(description = "Documents kept in memory on this node, least recently used evicted first")
    int cachedDocuments() default 64;

    @AttributeDefinition(description = "Ops per second that one user may send to one project through POST "
            + "/api/projects/{id}/ops on average; batches over it get 429 with Retry-After. Counted in memory per node")
    int restOpsPerSecond() default OpRateLimit.DEFAULT_OPS_PER_SECOND;

    @AttributeDefinition(description = "Ops that one user may send to one project through REST at once before "
            + "restOpsPerSecond applies; a larger batch waits for a full allowance")
    int restOpBurst() default OpRateLimit.DEFAULT_BURST;

    @AttributeDefinition(description = "Canvas width of a new project when the request gives none")
    double defaultCanvasWidth() default 1920;

    @AttributeDefinition(description = "Canvas height of a new project when the request gives none")
    double defaultCanvasHeight() default 1080;

    @AttributeDefinition(description = "Minutes between runs that purge projects whose trash retention has ended")
    int purgeIntervalMinutes() default 60;

    @AttributeDefinition(description = "Names (service property pixelcraft.lifecycle.name) of the ProjectLifecycle services that must be registered before the trash purge deletes any project, so that a stopped bundle does not keep its data of purged projects. Empty: purge without waiting")
    String[] purgeWaitsFor() default { "versions", "share", "imaging" };

    @AttributeDefinition(description = "Whether the server renders a project's thumbnail after edits")
    boolean thumbnailsEnabled() default true;

    @AttributeDefinition(description = "Milliseconds without edits after which a project's thumbnail is rendered")
    long thumbnailQuietMillis() default 5_000;

    @AttributeDefinition(description = "Maximum milliseconds from the first edit after a thumbnail to the next render, so a project under constant editing still gets one")
    long thumbnailMaxDelayMillis() default 60_000;

    @AttributeDefinition(description = "Projects that may wait for a thumbnail render; when full, the project waiting longest is dropped and rendered after its next edit")
    int thumbnailQueueCapacity() default 256;

    @AttributeDefinition(description = "Long edge of a rendered project thumbnail in pixels, at most 4096")
    int thumbnailSize() default 1024;
}

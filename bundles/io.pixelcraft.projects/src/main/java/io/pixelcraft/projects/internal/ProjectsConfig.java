package io.pixelcraft.projects.internal;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

/** Settings of the projects bundle, PID {@code io.pixelcraft.projects}. */
@ObjectClassDefinition(name = "PixelCraft projects", description = "Trash retention, snapshots and the document cache")
public @interface ProjectsConfig {

    @AttributeDefinition(description = "Days a deleted project stays in the trash and can be restored")
    int trashRetentionDays() default 30;

    @AttributeDefinition(description = "Changing batches between two document snapshots; loading replays at most this many")
    int snapshotEveryBatches() default 200;

    @AttributeDefinition(description = "Documents kept in memory on this node, least recently used evicted first")
    int cachedDocuments() default 64;

    @AttributeDefinition(description = "Canvas width of a new project when the request gives none")
    double defaultCanvasWidth() default 1920;

    @AttributeDefinition(description = "Canvas height of a new project when the request gives none")
    double defaultCanvasHeight() default 1080;

    @AttributeDefinition(description = "Minutes between runs that purge projects whose trash retention has ended")
    int purgeIntervalMinutes() default 60;
}

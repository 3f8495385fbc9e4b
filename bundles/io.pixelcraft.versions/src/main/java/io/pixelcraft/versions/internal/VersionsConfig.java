package io.pixelcraft.versions.internal;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

@ObjectClassDefinition(name = "PixelCraft version history",
        description = "Automatic checkpoints, thumbnails and retention of project versions.")
public @interface VersionsConfig {

    @AttributeDefinition(description = "Ops after which an automatic checkpoint is stored (minimum 1).")
    int checkpointEveryOps() default 500;

    @AttributeDefinition(description = "Minutes after the first unsaved edit at which an automatic checkpoint is stored (minimum 1).")
    int checkpointEveryMinutes() default 10;

    @AttributeDefinition(description = "Hours during which every automatic checkpoint is kept.")
    int retentionKeepAllHours() default 24;

    @AttributeDefinition(description = "Days during which one automatic checkpoint per hour is kept; older ones keep one per day.")
    int retentionHourlyDays() default 7;

    @AttributeDefinition(description = "Minutes between retention runs (minimum 1).")
    int retentionIntervalMinutes() default 60;

    @AttributeDefinition(description = "Longest side of a version thumbnail in pixels (16 to 2048).")
    int thumbnailSize() default 256;

    @AttributeDefinition(description = "Percentage of the base snapshot's nodes a version may differ in before a new base snapshot is stored (1 to 100).")
    int rebasePercent() default 20;
}

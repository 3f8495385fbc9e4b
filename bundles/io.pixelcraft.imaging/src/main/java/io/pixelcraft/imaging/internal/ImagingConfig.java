package io.pixelcraft.imaging.internal;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.AttributeType;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

@ObjectClassDefinition(name = "PixelCraft imaging", description = "Image upload limits, thumbnails, cleanup and delivery URLs")
@interface ImagingConfig {

    @AttributeDefinition(description = "Largest accepted upload in bytes; larger uploads get 413")
    long maxUploadBytes() default 50L * 1024 * 1024;

    @AttributeDefinition(description = "Largest accepted width times height, read from the header before decoding; larger images get 413")
    long maxPixels() default 100_000_000L;

    @AttributeDefinition(description = "Time in milliseconds after which a decode is stopped and the upload gets 503 with Retry-After")
    long decodeTimeoutMillis() default 20_000;

    @AttributeDefinition(description = "Decodes that may run at once; 0 means one per available processor")
    int decodeSlots() default 0;

    @AttributeDefinition(description = "Time in milliseconds an upload waits for a free decode slot before it gets 503 with Retry-After")
    long decodeSlotWaitMillis() default 5_000;

    @AttributeDefinition(description = "Share of the maximum heap, in percent, that concurrent decodes may reserve")
    int decodeMemoryPercent() default 40;

    @AttributeDefinition(description = "Thumbnail jobs that may wait for a worker; when full, uploads wait up to 2 s for a slot")
    int thumbnailQueueCapacity() default 64;

    @AttributeDefinition(description = "Thumbnail worker threads; 0 means one per available processor")
    int thumbnailWorkers() default 0;

    @AttributeDefinition(description = "Hours an image without references is kept before the cleanup removes it")
    long cleanupGraceHours() default 24;

    @AttributeDefinition(description = "Minutes between runs of the unreferenced-image cleanup")
    long cleanupIntervalMinutes() default 60;

    @AttributeDefinition(type = AttributeType.PASSWORD, description = "Secret for signed image URLs, at least 32 characters; empty means a random secret kept in the data folder")
    String signingSecret() default "";
}

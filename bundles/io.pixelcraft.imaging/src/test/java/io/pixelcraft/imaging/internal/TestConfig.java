package io.pixelcraft.imaging.internal;

import java.lang.annotation.Annotation;

/** Configuration with the annotation defaults, except a fixed signing secret and two workers. */
class TestConfig implements ImagingConfig {

    @Override
    public Class<? extends Annotation> annotationType() {
        return ImagingConfig.class;
    }

    @Override
    public long maxUploadBytes() {
        return 50L * 1024 * 1024;
    }

    @Override
    public long maxPixels() {
        return 100_000_000L;
    }

    @Override
    public long decodeTimeoutMillis() {
        return 20_000;
    }

    @Override
    public int decodeSlots() {
        return 0;
    }

    @Override
    public long decodeSlotWaitMillis() {
        return 5_000;
    }

    @Override
    public int decodeMemoryPercent() {
        return 40;
    }

    @Override
    public int thumbnailQueueCapacity() {
        return 64;
    }

    @Override
    public int thumbnailWorkers() {
        return 2;
    }

    @Override
    public long cleanupGraceHours() {
        return 24;
    }

    @Override
    public long cleanupIntervalMinutes() {
        return 60;
    }

    @Override
    public String signingSecret() {
        return "test-secret-test-secret-test-secret-0123456789";
    }
}

package io.pixelcraft.web.internal;

import java.lang.annotation.Annotation;

/** Configuration annotations with chosen values, as DS would pass them. */
final class TestConfigs {

    private TestConfigs() {
    }

    static DispatcherConfig dispatcher(long jsonLimit, long jsonLargeLimit, int maxDepth, int maxStringLength) {
        return dispatcher(jsonLimit, jsonLargeLimit, maxDepth, maxStringLength, 60);
    }

    static DispatcherConfig dispatcher(long jsonLimit, long jsonLargeLimit, int maxDepth, int maxStringLength,
            long restartingRouteSeconds) {
        return new DispatcherConfig() {
            @Override
            public Class<? extends Annotation> annotationType() {
                return DispatcherConfig.class;
            }

            @Override
            public long jsonBodyLimit() {
                return jsonLimit;
            }

            @Override
            public long jsonLargeBodyLimit() {
                return jsonLargeLimit;
            }

            @Override
            public int maxJsonNestingDepth() {
                return maxDepth;
            }

            @Override
            public int maxJsonStringLength() {
                return maxStringLength;
            }

            @Override
            public long retryAfterSeconds() {
                return 7;
            }

            @Override
            public long restartingRouteSeconds() {
                return restartingRouteSeconds;
            }
        };
    }

    static HealthConfig health(long timeoutMillis, int threads) {
        return new HealthConfig() {
            @Override
            public Class<? extends Annotation> annotationType() {
                return HealthConfig.class;
            }

            @Override
            public long checkTimeoutMillis() {
                return timeoutMillis;
            }

            @Override
            public int maxCheckThreads() {
                return threads;
            }
        };
    }
}

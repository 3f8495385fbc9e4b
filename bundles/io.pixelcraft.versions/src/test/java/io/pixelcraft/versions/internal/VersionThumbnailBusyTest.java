package io.pixelcraft.versions.internal;

import static io.pixelcraft.versions.internal.VersionTestSupport.PROJECT;
import static io.pixelcraft.versions.internal.VersionTestSupport.rect;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.pixelcraft.api.document.DocumentEngine;
import io.pixelcraft.api.document.FilterLookup;
import io.pixelcraft.api.document.ImageLookup;
import io.pixelcraft.api.web.ApiException;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.util.concurrent.RejectedExecutionException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class VersionThumbnailBusyTest {

    private final VersionTestSupport t = new VersionTestSupport();

    @AfterEach
    void close() {
        t.close();
    }

    /** Returns the real engine, except that every render finds the render memory budget full. */
    private DocumentEngine busyEngine() {
        return (DocumentEngine) Proxy.newProxyInstance(DocumentEngine.class.getClassLoader(),
                new Class<?>[] {DocumentEngine.class}, (proxy, method, args) -> {
                    if (method.getName().equals("render")) {
                        throw new RejectedExecutionException("render memory budget full for 5000 ms");
                    }
                    try {
                        return method.invoke(t.engine, args);
                    } catch (InvocationTargetException e) {
                        throw e.getCause();
                    }
                });
    }

    @Test
    void busyRenderAnswers503() {
        t.apply(rect("a", "fill", "#ff0000", "width", 400.0, "height", 300.0));
        VersionRecord version = t.name("red");
        VersionService busy = new VersionService(t.documents, busyEngine(), t.store, t.clock, () -> t.settings,
                () -> ImageLookup.NONE, () -> FilterLookup.NONE);

        ApiException failure = catchThrowableOfType(() -> busy.thumbnail(PROJECT, version.number()), ApiException.class);

        assertThat(failure.status()).isEqualTo(503);
        assertThat(failure.headers()).containsEntry("Retry-After", "10");
        assertThat(t.service.get(PROJECT, version.number()).thumbnail()).isNull();
    }
}

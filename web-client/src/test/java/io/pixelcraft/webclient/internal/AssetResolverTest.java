package io.pixelcraft.webclient.internal;

import static org.assertj.core.api.Assertions.assertThat;

import io.pixelcraft.webclient.internal.AssetResolver.NotFound;
import io.pixelcraft.webclient.internal.AssetResolver.Serve;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class AssetResolverTest {

    private final AssetResolver resolver = new AssetResolver(Set.of(
            "webclient/index.html",
            "webclient/favicon.svg",
            "webclient/assets/index-3f2a9c.js",
            "webclient/assets/index-77b1e0.css")::contains);

    @Test
    void rootServesIndexRevalidated() {
        Serve serve = (Serve) resolver.resolve("/");

        assertThat(serve.resource()).isEqualTo("webclient/index.html");
        assertThat(serve.cacheControl()).isEqualTo("no-cache");
        assertThat(serve.mediaType()).isEqualTo("text/html; charset=utf-8");
        assertThat(serve.fallback()).isFalse();
    }

    @Test
    void hashedAssetIsImmutable() {
        Serve serve = (Serve) resolver.resolve("/assets/index-3f2a9c.js");

        assertThat(serve.resource()).isEqualTo("webclient/assets/index-3f2a9c.js");
        assertThat(serve.cacheControl()).isEqualTo("public, max-age=31536000, immutable");
        assertThat(serve.mediaType()).isEqualTo("text/javascript; charset=utf-8");
    }

    @Test
    void missingAssetIsNotFound() {
        assertThat(resolver.resolve("/assets/index-000000.js")).isInstanceOf(NotFound.class);
    }

    @ParameterizedTest
    @ValueSource(strings = {"/projects", "/projects/p1", "/signin", "/projects/p1/", "/reset-password"})
    void clientRouteFallsBackToIndex(String path) {
        Serve serve = (Serve) resolver.resolve(path);

        assertThat(serve.resource()).isEqualTo("webclient/index.html");
        assertThat(serve.fallback()).isTrue();
        assertThat(serve.cacheControl()).isEqualTo("no-cache");
    }

    @ParameterizedTest
    @ValueSource(strings = {"/api", "/api/projects", "/ws/projects/p1", "/images/abc", "/s/token", "/s"})
    void reservedPrefixIsNotFound(String path) {
        assertThat(resolver.resolve(path)).isInstanceOf(NotFound.class);
    }

    @Test
    void unknownFileNameIsNotFound() {
        assertThat(resolver.resolve("/missing.png")).isInstanceOf(NotFound.class);
    }

    @Test
    void unhashedFileIsRevalidated() {
        Serve serve = (Serve) resolver.resolve("/favicon.svg");

        assertThat(serve.cacheControl()).isEqualTo("no-cache");
        assertThat(serve.mediaType()).isEqualTo("image/svg+xml");
    }

    @ParameterizedTest
    @ValueSource(strings = {"/../pom.xml", "/assets/../index.html", "/assets/..", "/a\\b", "//etc/passwd", "/./index.html"})
    void unsafePathIsNotFound(String path) {
        assertThat(resolver.resolve(path)).isInstanceOf(NotFound.class);
    }

    @Test
    void withoutBuildEverythingIsNotFound() {
        AssetResolver empty = new AssetResolver(resource -> false);

        assertThat(empty.resolve("/")).isInstanceOf(NotFound.class);
        assertThat(empty.resolve("/projects")).isInstanceOf(NotFound.class);
    }

    @Test
    void etagIsQuotedHex() {
        assertThat(WebClientServlet.etag(new byte[0])).matches("\"[0-9a-f]{32}\"");
    }
}

package io.pixelcraft.web.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

class DocsServletTest {

    private static String read(String resource) throws IOException {
        URL url = DocsServletTest.class.getClassLoader().getResource(resource);
        assertThat(url).as(resource).isNotNull();
        try (InputStream in = url.openStream()) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    @Test
    void pageLoadsOnlyLocalFiles() throws IOException {
        String html = read("docs/index.html");
        Matcher references = Pattern.compile("(?:src|href)=\"([^\"]+)\"").matcher(html);
        int count = 0;
        while (references.find()) {
            count++;
            assertThat(references.group(1)).startsWith("/api/docs/");
        }
        assertThat(count).isGreaterThanOrEqualTo(4);
        assertThat(html).doesNotContain("<script>", "http://", "https://");
    }

    @Test
    void initializerLoadsOwnDocumentWithoutValidator() throws IOException {
        String script = read("docs/init.js");

        assertThat(script).contains("url: \"/api/openapi.json\"", "validatorUrl: null");
        assertThat(script).doesNotContain("petstore", "https://");
    }

    @Test
    void swaggerFilesAreOnTheClasspath() throws IOException {
        // The webjar is a provided dependency; bnd copies the same files into the bundle.
        String version = System.getProperty("swagger.ui.version");
        assertThat(version).as("system property swagger.ui.version, set by the pom").isNotNull();
        String folder = "META-INF/resources/webjars/swagger-ui/" + version;
        assertThat(read(folder + "/swagger-ui-bundle.js")).contains("SwaggerUIBundle");
    }
}

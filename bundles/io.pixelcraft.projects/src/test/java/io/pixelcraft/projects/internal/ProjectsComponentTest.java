package io.pixelcraft.projects.internal;

import static org.assertj.core.api.Assertions.assertThat;

import io.pixelcraft.api.document.BatchResult;
import io.pixelcraft.api.document.NodeType;
import io.pixelcraft.api.document.Op;
import io.pixelcraft.api.image.ImageReference;
import io.pixelcraft.api.image.ImageStore;
import io.pixelcraft.testing.TestDispatcher;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.lang.reflect.Proxy;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The DS component as wired in Karaf: its services, image links and image lookups for exports. */
class ProjectsComponentTest {

    private static final String PRESENT = "aa".repeat(32);
    private static final String ABSENT = "bb".repeat(32);

    private final ComponentWiring wiring = new ComponentWiring();
    private final List<String> links = new ArrayList<>();

    @AfterEach
    void stop() {
        wiring.close();
    }

    /** Returns an image store that has one green 10 × 10 image and records links. */
    private ImageStore imageStore() {
        BufferedImage green = new BufferedImage(10, 10, BufferedImage.TYPE_INT_ARGB);
        for (int y = 0; y < 10; y++) {
            for (int x = 0; x < 10; x++) {
                green.setRGB(x, y, 0xFF00FF00);
            }
        }
        return (ImageStore) Proxy.newProxyInstance(ImageStore.class.getClassLoader(), new Class<?>[] {ImageStore.class},
                (proxy, method, args) -> switch (method.getName()) {
                    case "readPixels" -> {
                        if (PRESENT.equals(args[0])) {
                            yield green;
                        }
                        throw new NoSuchElementException("No image " + args[0]);
                    }
                    case "link" -> {
                        links.add(args[0] + " " + ((ImageReference) args[1]).key());
                        yield null;
                    }
                    default -> throw new UnsupportedOperationException(method.getName());
                });
    }

    @Test
    void componentLinksImagesAndExportsThem() throws Exception {
        ProjectsComponent component = wiring.activate(Map.of(), imageStore());
        TestDispatcher api = new TestDispatcher(component.routes(), component);
        String id = api.call("alice", "POST", "/api/projects", Map.of("name", "Photos", "width", 20.0, "height", 10.0))
                .json().get("id").asText();

        BatchResult result = component.apply(id, List.of(
                Op.create("i1", "present", NodeType.IMAGE, "root", Map.of("image", PRESENT, "width", 10, "height", 10)),
                Op.create("i2", "absent", NodeType.IMAGE, "root", Map.of("image", ABSENT, "x", 10, "width", 10, "height", 10))), "alice");
        TestDispatcher.Result export = api.call("alice", "GET", "/api/projects/" + id + "/export", null);

        assertThat(result.applied()).isTrue();
        assertThat(links).containsExactly(PRESENT + " project:" + id, ABSENT + " project:" + id);
        BufferedImage image = ImageIO.read(new ByteArrayInputStream(export.bytes()));
        assertThat(image.getRGB(5, 5)).isEqualTo(0xFF00FF00);
        assertThat(export.headers().get("PixelCraft-Render-Issues")).isEqualTo("1 image-missing:absent");
        assertThat(component.roleOf("alice", id)).hasValueSatisfying(role -> assertThat(role.jsonName()).isEqualTo("owner"));
        assertThat(component.load(id).nodes()).hasSize(3);
    }

}

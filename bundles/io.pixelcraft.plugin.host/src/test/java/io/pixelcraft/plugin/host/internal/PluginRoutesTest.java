package io.pixelcraft.plugin.host.internal;

import static org.assertj.core.api.Assertions.assertThat;

import io.pixelcraft.api.plugin.Parameter;
import io.pixelcraft.api.web.ApiException;
import io.pixelcraft.plugin.host.internal.sandbox.Violation;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class PluginRoutesTest {

    @Test
    void schemaJsonCoversEveryType() {
        List<Map<String, Object>> json = PluginRoutes.schemaJson(List.of(
                new Parameter.Number("size", "Size", 1, 10, 2.0, true),
                new Parameter.Number("amount", "Amount", 0, 1, 0.5, false),
                new Parameter.Color("ink", "Ink", 0xFF102030),
                new Parameter.Bool("soft", "Soft", true),
                new Parameter.Choice("mode", "Mode", List.of("a", "b"), "b")));

        assertThat(json).extracting(entry -> entry.get("type")).containsExactly("integer", "number", "color", "boolean", "choice");
        assertThat(json.get(0)).containsEntry("min", 1.0).containsEntry("max", 10.0).containsEntry("default", 2.0);
        assertThat(json.get(2)).containsEntry("default", "#FF102030");
        assertThat(json.get(4)).containsEntry("choices", List.of("a", "b")).containsEntry("default", "b");
    }

    @Test
    void rejectionBecomesValidationProblem() {
        PluginAdminException rejected = new PluginAdminException(PluginAdminException.Kind.REJECTED, "Plugin x uses 1 forbidden APIs",
                List.of(new Violation("a.B", "method apply()", "java.lang.System.exit(int)", "terminates the JVM")));

        ApiException problem = PluginRoutes.toApiException(rejected);

        assertThat(problem.status()).isEqualTo(422);
        assertThat(problem.code()).isEqualTo("plugin-rejected");
        assertThat(problem.violations()).singleElement().satisfies(violation -> {
            assertThat(violation.field()).isEqualTo("a.B method apply()");
            assertThat(violation.rule()).isEqualTo("terminates the JVM");
            assertThat(violation.message()).startsWith("java.lang.System.exit(int) is not allowed");
        });
    }

    @Test
    void adminFailuresMapToStatuses() {
        assertThat(PluginRoutes.toApiException(new PluginAdminException(PluginAdminException.Kind.NOT_FOUND, "gone", List.of())).status())
                .isEqualTo(404);
        assertThat(PluginRoutes.toApiException(new PluginAdminException(PluginAdminException.Kind.INVALID, "bad", List.of())).status())
                .isEqualTo(400);
        assertThat(PluginRoutes.toApiException(new PluginAdminException(PluginAdminException.Kind.FAILED, "busy", List.of())).status())
                .isEqualTo(409);
    }

    @Test
    void detailsOnlyForAdmins() {
        PluginInfo info = new PluginInfo("p", "1.0.0", 7, "ACTIVE", true, false, "3 calls in a row exceeded their budget", 3,
                List.of("p.filter"), List.of(), List.of(), List.of());

        Map<String, Object> publicJson = PluginRoutes.pluginJson(info, false);
        Map<String, Object> adminJson = PluginRoutes.pluginJson(info, true);

        assertThat(publicJson).containsEntry("enabled", false)
                .containsEntry("disabledReason", "3 calls in a row exceeded their budget")
                .doesNotContainKeys("bundleId", "violations");
        assertThat(adminJson).containsEntry("budgetFailures", 3).containsKey("violations");
    }
}

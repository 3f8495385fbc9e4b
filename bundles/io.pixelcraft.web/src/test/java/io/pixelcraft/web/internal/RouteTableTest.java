package io.pixelcraft.web.internal;

import static org.assertj.core.api.Assertions.assertThat;

import io.pixelcraft.api.web.ApiResponse;
import io.pixelcraft.api.web.Route;
import io.pixelcraft.web.internal.RouteTable.Found;
import io.pixelcraft.web.internal.RouteTable.Lookup;
import io.pixelcraft.web.internal.RouteTable.MethodNotAllowed;
import io.pixelcraft.web.internal.RouteTable.NotFound;
import io.pixelcraft.web.internal.RouteTable.ProviderRoutes;
import java.util.List;
import org.junit.jupiter.api.Test;

class RouteTableTest {

    private static Route route(String method, String path) {
        return Route.route(method, path).handler(request -> ApiResponse.noContent());
    }

    private static List<String> path(String path) {
        return ApiDispatcher.segments(path);
    }

    @Test
    void matchesTemplateAndExtractsParameters() {
        Route getShare = route("GET", "/api/projects/{id}/shares/{shareId}");
        RouteTable table = RouteTable.build(List.of(new ProviderRoutes("a", List.of(getShare))));

        Lookup lookup = table.lookup("GET", path("/api/projects/p1/shares/s%2F2"));

        assertThat(lookup).isInstanceOf(Found.class);
        Found found = (Found) lookup;
        assertThat(found.route()).isSameAs(getShare);
        assertThat(found.pathParams()).containsEntry("id", "p1").containsEntry("shareId", "s/2");
    }

    @Test
    void literalSegmentBeatsParameter() {
        Route byId = route("GET", "/api/projects/{id}");
        Route trash = route("GET", "/api/projects/trash");
        RouteTable table = RouteTable.build(List.of(new ProviderRoutes("a", List.of(byId, trash))));

        assertThat(((Found) table.lookup("GET", path("/api/projects/trash"))).route()).isSameAs(trash);
        assertThat(((Found) table.lookup("GET", path("/api/projects/p7"))).route()).isSameAs(byId);
    }

    @Test
    void lessSpecificTemplateServesOtherMethods() {
        Route trash = route("GET", "/api/projects/trash");
        Route delete = route("DELETE", "/api/projects/{id}");
        RouteTable table = RouteTable.build(List.of(new ProviderRoutes("a", List.of(trash, delete))));

        assertThat(((Found) table.lookup("DELETE", path("/api/projects/trash"))).route()).isSameAs(delete);
    }

    @Test
    void unknownPathIsNotFound() {
        RouteTable table = RouteTable.build(List.of(new ProviderRoutes("a", List.of(route("GET", "/api/items")))));

        assertThat(table.lookup("GET", path("/api/other"))).isInstanceOf(NotFound.class);
        assertThat(table.lookup("GET", path("/api/items/extra"))).isInstanceOf(NotFound.class);
        assertThat(table.lookup("GET", path("/api/items/"))).isInstanceOf(NotFound.class);
    }

    @Test
    void wrongMethodListsAllowedMethods() {
        RouteTable table = RouteTable.build(List.of(new ProviderRoutes("a",
                List.of(route("GET", "/api/items"), route("POST", "/api/items")))));

        Lookup lookup = table.lookup("DELETE", path("/api/items"));

        assertThat(lookup).isInstanceOf(MethodNotAllowed.class);
        assertThat(((MethodNotAllowed) lookup).allowed()).containsExactly("GET", "HEAD", "POST");
    }

    @Test
    void duplicateRouteKeepsEarlierProvider() {
        Route first = route("GET", "/api/items/{id}");
        Route second = route("GET", "/api/items/{itemId}");
        RouteTable table = RouteTable.build(List.of(new ProviderRoutes("first", List.of(first)),
                new ProviderRoutes("second", List.of(second))));

        assertThat(((Found) table.lookup("GET", path("/api/items/1"))).route()).isSameAs(first);
        assertThat(table.routes()).hasSize(1);
    }

    @Test
    void registryDropsRoutesOfLeavingProvider() {
        RouteRegistry registry = new RouteRegistry();
        registry.addProvider(1L, "one", () -> List.of(route("GET", "/api/one")));
        registry.addProvider(2L, "two", () -> List.of(route("GET", "/api/two")));
        assertThat(registry.table().lookup("GET", path("/api/two"))).isInstanceOf(Found.class);

        registry.removeProvider(2L);

        assertThat(registry.table().lookup("GET", path("/api/two"))).isInstanceOf(NotFound.class);
        assertThat(registry.table().lookup("GET", path("/api/one"))).isInstanceOf(Found.class);
        assertThat(registry.table().providerCount()).isEqualTo(1);
    }

    @Test
    void registrySkipsProviderThatThrows() {
        RouteRegistry registry = new RouteRegistry();
        registry.addProvider(1L, "broken", () -> {
            throw new IllegalStateException("broken provider");
        });

        assertThat(registry.table().routes()).isEmpty();
    }
}

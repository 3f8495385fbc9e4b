package io.pixelcraft.api.web;

/** Serves one route. Throw {@link ApiException} for answers other than success. */
@FunctionalInterface
public interface RouteHandler {

    ApiResponse handle(ApiRequest request) throws Exception;
}

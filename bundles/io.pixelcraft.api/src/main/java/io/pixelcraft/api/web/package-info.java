/**
 * The REST contract every bundle programs against: routes as data, one request and response
 * model, one error type, and the authentication and authorization services behind them.
 *
 * <p>Bundles contribute routes by registering {@link io.pixelcraft.api.web.RouteProvider}
 * services; the web bundle dispatches them, so a bundle that stops takes its routes with it.
 * {@code RouteProvider} is a consumer type. {@link io.pixelcraft.api.web.ApiRequest},
 * {@link io.pixelcraft.api.web.Authenticator}, {@link io.pixelcraft.api.web.Authorizer} and
 * {@link io.pixelcraft.api.web.ProjectAccess} are provider types. A bundle that only registers
 * routes and calls the services imports this package with {@code [1.0,2.0)}; a bundle that
 * implements a provider type imports it with {@code [1.0,1.1)}, because a minor version may add
 * methods to provider types but never to consumer types.
 */
@Version("1.0.0")
@Export
package io.pixelcraft.api.web;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;

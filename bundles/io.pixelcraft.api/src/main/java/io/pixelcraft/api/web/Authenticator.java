package io.pixelcraft.api.web;

import jakarta.servlet.http.HttpServletRequest;
import java.util.Optional;
import org.osgi.annotation.versioning.ProviderType;

/** Resolves the caller of an HTTP request or WebSocket upgrade; implemented by the accounts bundle. */
@ProviderType
public interface Authenticator {

    /**
     * Returns the caller named by the request's session cookie or bearer token, or empty for an
     * anonymous request.
     *
     * @throws ApiException 401 when a credential is present but invalid, expired or revoked, and
     *         403 when a cookie-authenticated state-changing request lacks a valid CSRF token
     */
    Optional<Principal> authenticate(HttpServletRequest request);
}

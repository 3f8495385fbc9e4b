package io.pixelcraft.accounts.internal;

import io.pixelcraft.api.account.CredentialValidator;
import io.pixelcraft.api.web.ApiException;
import io.pixelcraft.api.web.Authenticator;
import io.pixelcraft.api.web.Principal;
import jakarta.servlet.http.HttpServletRequest;
import java.util.Locale;
import java.util.Optional;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

/**
 * Resolves the caller from {@code Authorization: Bearer pct_...} or, when that header is absent,
 * from the {@code pc_session} cookie. A bearer token needs no CSRF token, because a browser never
 * adds the header to a cross-site request by itself. As {@link CredentialValidator} it checks
 * again, for open WebSocket connections, that such a credential has not been revoked since.
 */
@Component(service = { Authenticator.class, CredentialValidator.class })
public class SessionAuthenticator implements Authenticator, CredentialValidator {

    static final String CSRF_HEADER = "X-CSRF-Token";
    private static final String BEARER = "Bearer ";

    private final Credentials credentials;

    @Activate
    public SessionAuthenticator(@Reference AccountManager accounts) {
        this.credentials = accounts.credentials();
    }

    @Override
    public Optional<Principal> authenticate(HttpServletRequest request) {
        String authorization = request.getHeader("Authorization");
        if (authorization != null) {
            if (!authorization.regionMatches(true, 0, BEARER, 0, BEARER.length())) {
                throw ApiException.unauthorized("Authorization header must be 'Bearer ' followed by a personal access token.");
            }
            return Optional.of(credentials.authenticateToken(authorization.substring(BEARER.length()).strip()));
        }
        Optional<String> secret = Cookies.read(request, Cookies.SESSION);
        if (secret.isEmpty()) {
            return Optional.empty();
        }
        String method = request.getMethod().toUpperCase(Locale.ROOT);
        return Optional.of(credentials.authenticateSession(secret.get(), method, request.getHeader(CSRF_HEADER),
                Cookies.clear(Cookies.SESSION, request.isSecure())));
    }

    @Override
    public void validate(Principal principal) {
        credentials.validate(principal);
    }
}

package io.pixelcraft.accounts.internal;

import io.pixelcraft.api.web.Access;
import io.pixelcraft.api.web.ApiException;
import io.pixelcraft.api.web.ApiRequest;
import io.pixelcraft.api.web.ApiResponse;
import io.pixelcraft.api.web.BodyLimit;
import io.pixelcraft.api.web.Principal;
import io.pixelcraft.api.web.Principal.AuthMethod;
import io.pixelcraft.api.web.Route;
import io.pixelcraft.api.web.RouteProvider;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

/** The REST routes for registration, sign-in, the current user, access tokens and password reset. */
@Component(service = RouteProvider.class)
public class AccountRoutes implements RouteProvider {

    private static final String TAG = "accounts";

    /** Body of {@code POST /api/auth/register}; {@code invitationToken} only when invite-only. */
    public record RegisterRequest(String email, String password, String displayName, String invitationToken) {
    }

    /** Body of {@code POST /api/auth/login}. */
    public record LoginRequest(String email, String password) {
    }

    /** Body of {@code POST /api/me/tokens}; {@code expiresInDays} null for no expiry. */
    public record CreateTokenRequest(String name, Integer expiresInDays) {
    }

    /** Body of {@code POST /api/auth/password-reset}. */
    public record ResetRequest(String email) {
    }

    /** Body of {@code POST /api/auth/password-reset/confirm}. */
    public record ResetConfirmRequest(String token, String password) {
    }

    /** A user as the REST API shows it. */
    public record UserView(String id, String email, String displayName, boolean admin, String createdAt) {
    }

    /** The response body of sign-in and registration. */
    public record SignInView(UserView user, String csrfToken, String expiresAt) {
    }

    /** A personal access token without its secret. */
    public record TokenView(String id, String name, String createdAt, String lastUsedAt, String expiresAt) {
    }

    /** A new personal access token with its secret, returned once. */
    public record NewTokenView(String id, String name, String token, String createdAt, String expiresAt) {
    }

    private final AccountManager accounts;
    private final Credentials credentials;

    @Activate
    public AccountRoutes(@Reference AccountManager accounts) {
        this.accounts = accounts;
        this.credentials = accounts.credentials();
    }

    @Override
    public List<Route> routes() {
        UserView exampleUser = new UserView("u1Yw3YJ2xq2bqg5sPjv0Mw", "ann@example.com", "Ann", false,
                "2026-12-01T10:00:00Z");
        return List.of(
                Route.route("POST", "/api/auth/register").access(Access.anonymous()).tag(TAG)
                        .summary("Creates an account and signs in")
                        .request(new RegisterRequest("ann@example.com", "a long passphrase", "Ann", null))
                        .response(201, new SignInView(exampleUser, "csrf-token", "2026-12-15T10:00:00Z"))
                        .handler(this::register),
                Route.route("POST", "/api/auth/login").access(Access.anonymous()).tag(TAG)
                        .summary("Signs in with email and password")
                        .request(new LoginRequest("ann@example.com", "a long passphrase"))
                        .response(200, new SignInView(exampleUser, "csrf-token", "2026-12-15T10:00:00Z"))
                        .handler(this::login),
                Route.route("POST", "/api/auth/logout").access(Access.authenticated()).bodyLimit(BodyLimit.NONE).tag(TAG)
                        .summary("Ends the current browser session").response(204, null)
                        .handler(this::logout),
                Route.route("POST", "/api/auth/password-reset").access(Access.anonymous()).tag(TAG)
                        .summary("Mails a password reset link if the email is registered")
                        .request(new ResetRequest("ann@example.com")).response(202, null)
                        .handler(this::requestReset),
                Route.route("POST", "/api/auth/password-reset/confirm").access(Access.anonymous()).tag(TAG)
                        .summary("Sets a new password with the token from the reset link")
                        .request(new ResetConfirmRequest("token-from-link", "a new long passphrase")).response(204, null)
                        .handler(this::confirmReset),
                Route.route("GET", "/api/me").access(Access.authenticated()).bodyLimit(BodyLimit.NONE).tag(TAG)
                        .summary("Returns the signed-in user").response(200, exampleUser)
                        .handler(this::me),
                Route.route("GET", "/api/me/tokens").access(Access.authenticated()).bodyLimit(BodyLimit.NONE).tag(TAG)
                        .summary("Lists the caller's personal access tokens, without their secrets")
                        .response(200, List.of(new TokenView("t7Q2...", "CI", "2026-12-01T10:00:00Z", null, null)))
                        .handler(this::listTokens),
                Route.route("POST", "/api/me/tokens").access(Access.authenticated()).tag(TAG)
                        .summary("Creates a personal access token; the secret is in this answer only")
                        .request(new CreateTokenRequest("CI", 90))
                        .response(201, new NewTokenView("t7Q2...", "CI", "pct_...", "2026-12-01T10:00:00Z",
                                "2027-03-01T10:00:00Z"))
                        .handler(this::createToken),
                Route.route("DELETE", "/api/me/tokens/{tokenId}").access(Access.authenticated())
                        .bodyLimit(BodyLimit.NONE).tag(TAG)
                        .summary("Revokes one of the caller's personal access tokens").response(204, null)
                        .handler(this::revokeToken));
    }

    ApiResponse register(ApiRequest request) {
        RegisterRequest body = request.body(RegisterRequest.class);
        SignIn signIn = accounts.register(body.email(), body.password(), body.displayName(), body.invitationToken(),
                request.clientAddress(), request.header("User-Agent").orElse(""));
        return signInResponse(201, signIn, request.secure());
    }

    ApiResponse login(ApiRequest request) {
        LoginRequest body = request.body(LoginRequest.class);
        SignIn signIn = accounts.login(body.email(), body.password(), request.clientAddress(),
                request.header("User-Agent").orElse(""));
        return signInResponse(200, signIn, request.secure());
    }

    private ApiResponse signInResponse(int status, SignIn signIn, boolean secure) {
        long maxAge = credentials.sessionMaxAge().toSeconds();
        SignInView view = new SignInView(view(signIn.user().id(), signIn.user().email(), signIn.user().displayName(),
                signIn.user().admin(), signIn.user().createdAt()), signIn.csrfToken(),
                signIn.session().expiresAt().toString());
        return new ApiResponse(status, view, Map.of("Cache-Control", "no-store"), List.of(
                Cookies.session(signIn.sessionSecret(), maxAge, secure),
                Cookies.csrf(signIn.csrfToken(), maxAge, secure)));
    }

    ApiResponse logout(ApiRequest request) {
        Principal caller = request.requirePrincipal();
        if (caller.method() != AuthMethod.SESSION) {
            throw ApiException.badRequest(
                    "Sign-out ends browser sessions: revoke an access token with DELETE /api/me/tokens/{tokenId}.");
        }
        credentials.endSession(caller.userId(), caller.credentialId());
        return ApiResponse.noContent()
                .withCookie(Cookies.clear(Cookies.SESSION, request.secure()))
                .withCookie(Cookies.clear(Cookies.CSRF, request.secure()));
    }

    ApiResponse me(ApiRequest request) {
        Principal caller = request.requirePrincipal();
        UserView user = accounts.findUser(caller.userId())
                .map(u -> view(u.id(), u.email(), u.displayName(), u.admin(), u.createdAt()))
                .orElseThrow(() -> ApiException.unauthorized("Your account no longer exists."));
        return ApiResponse.ok(user);
    }

    ApiResponse listTokens(ApiRequest request) {
        Principal caller = request.requirePrincipal();
        List<TokenView> tokens = credentials.listTokens(caller.userId()).stream()
                .map(t -> new TokenView(t.id(), t.name(), t.createdAt().toString(), text(t.lastUsedAt()),
                        text(t.expiresAt())))
                .toList();
        return ApiResponse.ok(tokens);
    }

    ApiResponse createToken(ApiRequest request) {
        Principal caller = request.requirePrincipal();
        if (caller.method() != AuthMethod.SESSION) {
            // A leaked token must not be able to mint further tokens that outlive its revocation.
            throw ApiException.forbidden("Create access tokens from a signed-in browser session, not with a token.");
        }
        CreateTokenRequest body = request.body(CreateTokenRequest.class);
        CreatedToken created = credentials.createToken(caller.userId(), body.name(), body.expiresInDays());
        TokenRecord t = created.record();
        return new ApiResponse(201, new NewTokenView(t.id(), t.name(), created.secret(), t.createdAt().toString(),
                text(t.expiresAt())), Map.of("Cache-Control", "no-store"), List.of());
    }

    ApiResponse revokeToken(ApiRequest request) {
        Principal caller = request.requirePrincipal();
        credentials.revokeToken(caller.userId(), request.pathParam("tokenId"));
        return ApiResponse.noContent();
    }

    ApiResponse requestReset(ApiRequest request) {
        ResetRequest body = request.body(ResetRequest.class);
        accounts.requestPasswordReset(body.email());
        return new ApiResponse(202, null, Map.of(), List.of());
    }

    ApiResponse confirmReset(ApiRequest request) {
        ResetConfirmRequest body = request.body(ResetConfirmRequest.class);
        accounts.confirmPasswordReset(body.token(), body.password());
        return ApiResponse.noContent();
    }

    private static UserView view(String id, String email, String displayName, boolean admin, Instant createdAt) {
        return new UserView(id, email, displayName, admin, createdAt.toString());
    }

    private static String text(Instant instant) {
        return instant == null ? null : instant.toString();
    }
}

package io.pixelcraft.accounts.internal;

import jakarta.servlet.http.Cookie;
import jakarta.servlet.http.HttpServletRequest;
import java.util.Optional;

/**
 * The two sign-in cookies. {@value #SESSION} carries the session secret and is HttpOnly;
 * {@value #CSRF} carries the CSRF token and is readable by the web editor's scripts, which send
 * it back in the {@code X-CSRF-Token} header. Both are {@code SameSite=Lax} and {@code Path=/},
 * and {@code Secure} when the request arrived over TLS.
 */
final class Cookies {

    static final String SESSION = "pc_session";
    static final String CSRF = "pc_csrf";

    private Cookies() {
    }

    static String session(String secret, long maxAgeSeconds, boolean secure) {
        return SESSION + "=" + secret + "; Path=/; Max-Age=" + maxAgeSeconds + "; HttpOnly; SameSite=Lax"
                + (secure ? "; Secure" : "");
    }

    static String csrf(String token, long maxAgeSeconds, boolean secure) {
        return CSRF + "=" + token + "; Path=/; Max-Age=" + maxAgeSeconds + "; SameSite=Lax" + (secure ? "; Secure" : "");
    }

    /** Returns a {@code Set-Cookie} value that deletes the named cookie. */
    static String clear(String name, boolean secure) {
        return name + "=; Path=/; Max-Age=0; HttpOnly; SameSite=Lax" + (secure ? "; Secure" : "");
    }

    /** Returns the value of the first cookie with this name, or empty. */
    static Optional<String> read(HttpServletRequest request, String name) {
        Cookie[] cookies = request.getCookies();
        if (cookies == null) {
            return Optional.empty();
        }
        for (Cookie cookie : cookies) {
            if (name.equals(cookie.getName()) && cookie.getValue() != null && !cookie.getValue().isEmpty()) {
                return Optional.of(cookie.getValue());
            }
        }
        return Optional.empty();
    }
}

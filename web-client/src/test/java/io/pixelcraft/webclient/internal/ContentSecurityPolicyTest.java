package io.pixelcraft.webclient.internal;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ContentSecurityPolicyTest {

    private static String connectSrc(String policy) {
        for (String directive : policy.split(";")) {
            if (directive.trim().startsWith("connect-src")) {
                return directive.trim();
            }
        }
        throw new AssertionError("No connect-src in " + policy);
    }

    @Test
    void websocketsOnlyToRequestedHost() {
        String policy = WebClientServlet.contentSecurityPolicy("127.0.0.1:8181");

        assertThat(connectSrc(policy)).isEqualTo("connect-src 'self' ws://127.0.0.1:8181 wss://127.0.0.1:8181");
    }

    @Test
    void noSchemeWideWebsocketSources() {
        String policy = WebClientServlet.contentSecurityPolicy("editor.example.com");

        assertThat(connectSrc(policy).split(" ")).doesNotContain("ws:", "wss:");
    }

    @Test
    void ipv6HostIsNamed() {
        String policy = WebClientServlet.contentSecurityPolicy("[::1]:8181");

        assertThat(connectSrc(policy)).isEqualTo("connect-src 'self' ws://[::1]:8181 wss://[::1]:8181");
    }

    @Test
    void forgedHostAddsNothing() {
        String forged = "evil.example; script-src *";

        String policy = WebClientServlet.contentSecurityPolicy(forged);

        assertThat(connectSrc(policy)).isEqualTo("connect-src 'self'");
        assertThat(policy).doesNotContain("evil").contains("script-src 'self'");
    }

    @Test
    void missingHostKeepsSelfOnly() {
        assertThat(connectSrc(WebClientServlet.contentSecurityPolicy(null))).isEqualTo("connect-src 'self'");
    }
}

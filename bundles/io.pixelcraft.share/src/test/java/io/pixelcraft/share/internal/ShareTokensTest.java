package io.pixelcraft.share.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Base64;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

class ShareTokensTest {

    @Test
    void tokensAre256RandomBits() {
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < 1000; i++) {
            String token = ShareTokens.newToken();
            assertThat(ShareTokens.isWellFormed(token)).isTrue();
            assertThat(Base64.getUrlDecoder().decode(token)).hasSize(32);
            seen.add(token);
        }
        assertThat(seen).hasSize(1000);
    }

    @Test
    void hashIsSha256Hex() {
        // SHA-256 of "abc" from FIPS 180-2, appendix B.1.
        assertThat(ShareTokens.hash("abc")).isEqualTo("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
    }

    @Test
    void malformedTokensRejected() {
        assertThat(ShareTokens.isWellFormed(null)).isFalse();
        assertThat(ShareTokens.isWellFormed("")).isFalse();
        assertThat(ShareTokens.isWellFormed("a".repeat(42))).isFalse();
        assertThat(ShareTokens.isWellFormed("a".repeat(44))).isFalse();
        assertThat(ShareTokens.isWellFormed("a".repeat(42) + "=")).isFalse();
        assertThat(ShareTokens.isWellFormed("a".repeat(42) + "/")).isFalse();
    }

    @Test
    void shareIdsAre128BitHex() {
        assertThat(ShareTokens.newShareId()).matches(ShareTokens.SHARE_ID.pattern());
        assertThat(ShareTokens.newShareId()).isNotEqualTo(ShareTokens.newShareId());
    }
}

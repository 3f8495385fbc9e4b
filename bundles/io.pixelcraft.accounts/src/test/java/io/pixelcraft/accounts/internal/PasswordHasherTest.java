package io.pixelcraft.accounts.internal;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class PasswordHasherTest {

    private final PasswordHasher hasher = new PasswordHasher(1024, 2, 1);

    @Test
    void hashUsesPhcFormatAndRandomSalt() {
        String first = hasher.hash("correct horse battery");
        String second = hasher.hash("correct horse battery");

        assertThat(first).matches("\\$argon2id\\$v=19\\$m=1024,t=2,p=1\\$[A-Za-z0-9+/]{22}\\$[A-Za-z0-9+/]{43}");
        assertThat(first).isNotEqualTo(second);
    }

    @Test
    void verifyAcceptsOnlyTheRightPassword() {
        String hash = hasher.hash("correct horse battery");

        assertThat(hasher.verify("correct horse battery", hash)).isTrue();
        assertThat(hasher.verify("correct horse battery ", hash)).isFalse();
        assertThat(hasher.verify("Correct horse battery", hash)).isFalse();
    }

    // Vectors made with the reference implementation (libargon2 20171227,
    // argon2id_hash_encoded called from Python ctypes), so stored hashes stay portable.
    @Test
    void verifiesReferenceImplementationHashes() {
        assertThat(hasher.verify("correct horse battery",
                "$argon2id$v=19$m=1024,t=2,p=1$cGl4ZWxjcmFmdC1zYWx0IQ$FP5oLbFZs2le0jNuhKSpcOwhHfyv6XdxA7JxwqlsLQE")).isTrue();
        assertThat(hasher.verify("pässwört ünïcode €",
                "$argon2id$v=19$m=2048,t=1,p=2$cGl4ZWxjcmFmdC1zYWx0IQ$YM8hDjL8bpkXTzL7DINJJmuG3SocYdgul/jFwvd7Epk")).isTrue();
    }

    @Test
    void malformedStoredHashNeverMatches() {
        assertThat(hasher.verify("x", null)).isFalse();
        assertThat(hasher.verify("x", "")).isFalse();
        assertThat(hasher.verify("x", "$argon2i$v=19$m=1024,t=2,p=1$cGl4ZWxjcmFmdC1zYWx0IQ$FP5oLbFZs2le0jNuhKSpcOwhHfyv6XdxA7JxwqlsLQE"))
                .isFalse();
    }

    @Test
    void needsRehashWhenParametersChange() {
        String hash = hasher.hash("correct horse battery");

        assertThat(hasher.needsRehash(hash)).isFalse();
        assertThat(new PasswordHasher(2048, 2, 1).needsRehash(hash)).isTrue();
    }
}

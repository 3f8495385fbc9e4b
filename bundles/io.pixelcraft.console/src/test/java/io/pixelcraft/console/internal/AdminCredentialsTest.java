package io.pixelcraft.console.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AdminCredentialsTest {

    @TempDir
    Path dir;

    private final AdminCredentials credentials = new AdminCredentials(new SecureRandom());

    @Test
    void firstStartCreatesHashedAdmin() throws Exception {
        Path users = dir.resolve("users.properties");
        Files.writeString(users, "# no users yet\n");

        Optional<String> password = credentials.ensureAdmin(users);

        assertThat(password).isPresent();
        assertThat(password.get()).hasSize(24);
        String content = Files.readString(users, StandardCharsets.UTF_8);
        assertThat(content).doesNotContain(password.get());
        assertThat(content).contains("admin = " + AdminCredentials.hash(password.get()) + ",_g_:admingroup");
        assertThat(content).contains(AdminCredentials.ADMIN_GROUP_LINE);
        assertThat(Files.getPosixFilePermissions(users)).isEqualTo(PosixFilePermissions.fromString("rw-------"));
    }

    @Test
    void existingAdminIsKept() throws Exception {
        Path users = dir.resolve("users.properties");
        Files.writeString(users, "admin = {CRYPT}abc{CRYPT},_g_:admingroup\n");

        assertThat(credentials.ensureAdmin(users)).isEmpty();
        assertThat(Files.readString(users)).isEqualTo("admin = {CRYPT}abc{CRYPT},_g_:admingroup\n");
    }

    @Test
    void secondStartGeneratesNothing() throws Exception {
        Path users = dir.resolve("users.properties");

        assertThat(credentials.ensureAdmin(users)).isPresent();
        assertThat(credentials.ensureAdmin(users)).isEmpty();
    }

    @Test
    void passwordsDifferBetweenInstallations() throws Exception {
        Optional<String> first = credentials.ensureAdmin(dir.resolve("a.properties"));
        Optional<String> second = credentials.ensureAdmin(dir.resolve("b.properties"));

        assertThat(first.get()).isNotEqualTo(second.get());
    }

    @Test
    void hashIsSha512HexInCryptMarkers() {
        // SHA-512 of "abc" from FIPS 180-2, appendix C.1.
        assertThat(AdminCredentials.hash("abc")).isEqualTo("{CRYPT}"
                + "ddaf35a193617abacc417349ae20413112e6fa4e89a97ea20a9eeee64b55d39a"
                + "2192992a274fc1a836ba3c23a3feebbd454d4423643ce80e2a9ac94fa54ca49f{CRYPT}");
    }

    @Test
    void commentedAdminDoesNotCount() {
        assertThat(AdminCredentials.definesUser(List.of("#admin = x,y"), "admin")).isFalse();
        assertThat(AdminCredentials.definesUser(List.of("  admin=x"), "admin")).isTrue();
    }
}

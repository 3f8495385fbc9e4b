package io.pixelcraft.console.internal;

import java.io.IOException;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.Optional;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * On the distribution's first start, creates the console administrator with a random password
 * and shows that password once: on standard output and in an owner-only file that the start
 * script prints and deletes.
 */
@Component(immediate = true)
public class FirstStartAdmin {

    static final String PASSWORD_FILE = "pixelcraft/initial-admin-password";

    private static final Logger LOG = LoggerFactory.getLogger(FirstStartAdmin.class);

    @Activate
    void activate() {
        Path etc = Path.of(System.getProperty("karaf.etc", "etc"));
        Path data = Path.of(System.getProperty("karaf.data", "data"));
        try {
            Optional<String> password = new AdminCredentials(new SecureRandom())
                    .ensureAdmin(etc.resolve("users.properties"));
            if (password.isPresent()) {
                announce(password.get(), data.resolve(PASSWORD_FILE));
            } else {
                LOG.info("Console administrator already configured in {}", etc.resolve("users.properties"));
            }
        } catch (IOException e) {
            LOG.error("Failed to create the console administrator in {}: the SSH console has no login", etc, e);
        }
    }

    private static void announce(String password, Path passwordFile) throws IOException {
        AdminCredentials.writeOwnerOnly(passwordFile, password + "\n");
        // Standard output is the console of `bin/karaf`; `bin/start` discards it, so the password
        // also goes to the owner-only file. It never goes to the log.
        System.out.println();
        System.out.println("PixelCraft first start: console user 'admin', password " + password);
        System.out.println("(also in " + passwordFile + " until the start script shows it)");
        System.out.println();
        LOG.info("Created console administrator 'admin'; its password is in {}", passwordFile);
    }
}

package io.pixelcraft.accounts.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.pixelcraft.api.web.ApiException;
import java.util.List;
import org.junit.jupiter.api.Test;

class EmailTest {

    @Test
    void normalisesDomainButKeepsLocalCase() {
        Email email = Email.parse("email", "  Ann.Lee+tag@Mail.EXAMPLE.org\t");

        assertThat(email.address()).isEqualTo("Ann.Lee+tag@mail.example.org");
        assertThat(email.key()).isEqualTo("ann.lee+tag@mail.example.org");
    }

    @Test
    void acceptsLongestValidParts() {
        String local = "a".repeat(64);
        String domain = "b".repeat(63) + ".example.com";

        assertThat(Email.parse("email", local + "@" + domain).address()).isEqualTo(local + "@" + domain);
    }

    @Test
    void rejectsMalformedAddresses() {
        List<String> invalid = List.of("ann", "ann@", "@example.com", "ann@example", "ann@@example.com",
                "a b@example.com", "ann.@example.com", ".ann@example.com", "an..n@example.com", "ann@-example.com",
                "ann@example-.com", "ann@exa_mple.com", "ann@example..com", "\"ann\"@example.com", "jörg@example.com",
                "ann@bücher.de", "a".repeat(65) + "@example.com", "ann@" + "b".repeat(64) + ".com",
                "ann@example.com\r\nBcc: eve@example.com");
        for (String value : invalid) {
            assertThatThrownBy(() -> Email.parse("email", value)).as(value).isInstanceOfSatisfying(ApiException.class,
                    e -> assertThat(e.violations().get(0).rule()).isEqualTo("format"));
        }
    }

    @Test
    void missingAddressIsRequired() {
        for (String value : new String[] { null, "", "   " }) {
            assertThatThrownBy(() -> Email.parse("email", value)).isInstanceOfSatisfying(ApiException.class,
                    e -> assertThat(e.violations().get(0).rule()).isEqualTo("required"));
        }
    }
}

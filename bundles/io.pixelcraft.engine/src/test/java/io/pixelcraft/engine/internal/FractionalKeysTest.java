package io.pixelcraft.engine.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.pixelcraft.api.document.FractionalKeys;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class FractionalKeysTest {

    @Test
    void firstKeyIsA0() {
        assertThat(FractionalKeys.between(null, null)).isEqualTo("a0");
    }

    @Test
    void appendsStayShortAndAscending() {
        String previous = null;
        for (int i = 0; i < 10_000; i++) {
            String next = FractionalKeys.between(previous, null);
            if (previous != null) {
                assertThat(next).isGreaterThan(previous);
            }
            previous = next;
        }
        assertThat(previous.length()).isLessThanOrEqualTo(4);
    }

    @Test
    void prependsStayShortAndDescending() {
        String previous = "a0";
        for (int i = 0; i < 10_000; i++) {
            String next = FractionalKeys.between(null, previous);
            assertThat(next).isLessThan(previous);
            assertThat(FractionalKeys.isValid(next)).isTrue();
            previous = next;
        }
        assertThat(previous.length()).isLessThanOrEqualTo(4);
    }

    @Test
    void randomInsertsKeepOrder() {
        Random random = new Random(42);
        List<String> keys = new ArrayList<>();
        for (int i = 0; i < 2_000; i++) {
            int position = random.nextInt(keys.size() + 1);
            String lower = position > 0 ? keys.get(position - 1) : null;
            String upper = position < keys.size() ? keys.get(position) : null;
            String key = FractionalKeys.between(lower, upper);
            assertThat(FractionalKeys.isValid(key)).as("key %s", key).isTrue();
            keys.add(position, key);
        }
        assertThat(keys).isSorted().doesNotHaveDuplicates();
    }

    @Test
    void betweenRejectsWrongOrder() {
        assertThatThrownBy(() -> FractionalKeys.between("a1", "a0")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> FractionalKeys.between("a0", "a0")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void isValidRejectsMalformedKeys() {
        assertThat(FractionalKeys.isValid("a0")).isTrue();
        assertThat(FractionalKeys.isValid("a0V")).isTrue();
        assertThat(FractionalKeys.isValid("a00")).as("trailing zero").isFalse();
        assertThat(FractionalKeys.isValid("b0")).as("integer part too short").isFalse();
        assertThat(FractionalKeys.isValid("a!")).isFalse();
        assertThat(FractionalKeys.isValid("")).isFalse();
        assertThat(FractionalKeys.isValid(null)).isFalse();
        assertThat(FractionalKeys.isValid("0a")).isFalse();
        assertThat(FractionalKeys.isValid("a" + "V".repeat(300))).as("too long").isFalse();
    }
}

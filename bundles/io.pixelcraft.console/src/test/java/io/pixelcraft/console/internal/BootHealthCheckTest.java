package io.pixelcraft.console.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.reflect.Field;
import org.apache.karaf.features.BootFinished;
import org.junit.jupiter.api.Test;

class BootHealthCheckTest {

    @Test
    void downUntilBootFinished() throws Exception {
        BootHealthCheck check = new BootHealthCheck();

        assertThat(check.check().up()).isFalse();

        Field field = BootHealthCheck.class.getDeclaredField("bootFinished");
        field.setAccessible(true);
        field.set(check, new BootFinished() { });

        assertThat(check.check().up()).isTrue();
        assertThat(check.name()).isEqualTo("boot");
    }
}

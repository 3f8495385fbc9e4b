package io.pixelcraft.projects.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.exc.InvalidNullException;
import io.pixelcraft.projects.internal.Views.CreateProject;
import org.junit.jupiter.api.Test;

class ViewsTest {

    private final ObjectMapper mapper = new ObjectMapper();

    @Test
    void canvasSizeLeftOutIsNull() throws Exception {
        CreateProject body = mapper.readValue("{\"name\":\"a\"}", CreateProject.class);

        assertThat(body.width()).isNull();
        assertThat(body.height()).isNull();
    }

    @Test
    void canvasSizeNullIsRejected() {
        assertThatThrownBy(() -> mapper.readValue("{\"name\":\"a\",\"width\":null,\"height\":1}", CreateProject.class))
                .isInstanceOfSatisfying(InvalidNullException.class,
                        e -> assertThat(e.getPath()).extracting(reference -> reference.getFieldName()).containsExactly("width"));
    }

    @Test
    void canvasSizeReadsNumbers() throws Exception {
        CreateProject body = mapper.readValue("{\"name\":\"a\",\"width\":640,\"height\":480.5}", CreateProject.class);

        assertThat(body.width()).isEqualTo(640.0);
        assertThat(body.height()).isEqualTo(480.5);
    }
}

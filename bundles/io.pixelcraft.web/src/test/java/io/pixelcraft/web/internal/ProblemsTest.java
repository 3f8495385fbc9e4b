package io.pixelcraft.web.internal;

import static org.assertj.core.api.Assertions.assertThat;

import com.mongodb.MongoCommandException;
import com.mongodb.MongoSocketReadTimeoutException;
import com.mongodb.MongoTimeoutException;
import com.mongodb.ServerAddress;
import io.pixelcraft.api.storage.StorageUnavailableException;
import io.pixelcraft.api.web.ApiException;
import io.pixelcraft.api.web.FieldViolation;
import io.pixelcraft.web.internal.Problems.Problem;
import java.net.SocketTimeoutException;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import org.bson.BsonDocument;
import org.bson.BsonInt32;
import org.bson.BsonString;
import org.junit.jupiter.api.Test;

class ProblemsTest {

    private final Problems problems = new Problems(new JsonCodec(8, 100), 9);

    @Test
    void apiExceptionKeepsItsFields() {
        Problem problem = problems.toProblem(ApiException.invalidField("name", "length", "Name is too long"), "r1");

        assertThat(problem.status()).isEqualTo(400);
        assertThat(problem.code()).isEqualTo("validation-failed");
        assertThat(problem.errors()).containsExactly(new FieldViolation("name", "length", "Name is too long"));
    }

    @Test
    void wrappedApiExceptionIsUnwrapped() {
        ApiException conflict = ApiException.conflict("Version 3 was already saved");

        assertThat(problems.toProblem(new ExecutionException(conflict), "r1").status()).isEqualTo(409);
        assertThat(problems.toProblem(new CompletionException(new ExecutionException(conflict)), "r1").status())
                .isEqualTo(409);
    }

    @Test
    void storageOutageIsGeneric503() {
        Problem problem = problems.toProblem(new StorageUnavailableException("mongo at 10.0.0.5 timed out"), "r1");

        assertThat(problem.status()).isEqualTo(503);
        assertThat(problem.headers()).containsEntry("Retry-After", "9");
        assertThat(problem.detail()).doesNotContain("10.0.0.5");
    }

    @Test
    void driverPoolTimeoutIs503() {
        MongoTimeoutException timeout = new MongoTimeoutException("Timed out after 300 ms while waiting for a connection"
                + " to server 10.0.0.5:27017");

        Problem problem = problems.toProblem(timeout, "r1");

        assertThat(problem.status()).isEqualTo(503);
        assertThat(problem.code()).isEqualTo("storage-unavailable");
        assertThat(problem.headers()).containsEntry("Retry-After", "9");
        assertThat(problem.detail()).doesNotContain("10.0.0.5");
    }

    @Test
    void driverSocketSubclassIs503() {
        MongoSocketReadTimeoutException readTimeout = new MongoSocketReadTimeoutException("Read timed out",
                new ServerAddress("10.0.0.5", 27017), new SocketTimeoutException("Read timed out"));

        assertThat(problems.toProblem(readTimeout, "r1").status()).isEqualTo(503);
    }

    @Test
    void driverTimeoutAsCauseIs503() {
        IllegalStateException wrapped = new IllegalStateException("GridFS download failed",
                new MongoTimeoutException("Timed out while waiting for a connection"));

        assertThat(problems.toProblem(wrapped, "r1").status()).isEqualTo(503);
    }

    @Test
    void otherDriverErrorIs500() {
        MongoCommandException failed = new MongoCommandException(new BsonDocument("ok", new BsonInt32(0))
                .append("errmsg", new BsonString("bad query")), new ServerAddress("10.0.0.5", 27017));

        assertThat(problems.toProblem(failed, "r1").status()).isEqualTo(500);
    }

    @Test
    void unexpectedErrorIsGeneric500() {
        Problem problem = problems.toProblem(new NullPointerException("field secretKey is null"), "r-42");

        assertThat(problem.status()).isEqualTo(500);
        assertThat(problem.detail()).contains("r-42").doesNotContain("secretKey", "NullPointer");
    }

    @Test
    void bodyHasProblemMembers() {
        Map<String, Object> body = Problems.body(new Problem(404, "not-found", "Not found", "No project p1",
                List.of(), Map.of()), "r1");

        assertThat(body).containsEntry("type", "https://pixelcraft.dev/problems/not-found")
                .containsEntry("status", 404).containsEntry("requestId", "r1").doesNotContainKey("errors");
    }

    @Test
    void outageLogSuppressesRepeats() {
        Problems.OutageLog log = new Problems.OutageLog();

        assertThat(log.shouldLog()).isTrue();
        assertThat(log.shouldLog()).isFalse();
        assertThat(log.shouldLog()).isFalse();
        assertThat(log.takeSuppressed()).isEqualTo(2);
        assertThat(log.takeSuppressed()).isZero();
    }
}

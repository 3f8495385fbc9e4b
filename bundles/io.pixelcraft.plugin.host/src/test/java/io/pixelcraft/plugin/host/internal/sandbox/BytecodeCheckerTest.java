package io.pixelcraft.plugin.host.internal.sandbox;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

class BytecodeCheckerTest {

    private final BytecodeChecker checker = new BytecodeChecker(HostilePlugins::ownType);

    private List<Violation> check(String simpleName) {
        return checker.check(HostilePlugins.classFile(HostilePlugins.PACKAGE + simpleName));
    }

    @ParameterizedTest(name = "{0} is rejected for {2}")
    @CsvSource(delimiter = '|', value = {
        "ReadsFile              | java.nio.file.Files                    | file access",
        "OpensSocket            | java.net.Socket                        | network access",
        "ExitsJvm               | java.lang.System.exit(int)             | terminates the JVM",
        "ExitsViaMethodReference| java.lang.System.exit(int)             | terminates the JVM",
        "ReflectsIntoPlatform   | java.lang.Class.forName(java.lang.String) | reflection",
        "ReflectsIntoPlatform   | java.lang.reflect.Field                | reflection",
        "StartsThread           | java.lang.Thread                       | threads",
        "UsesParallelStream     | java.util.stream.IntStream.parallel()  | threads: runs on the shared fork-join pool",
        "ImportsInternalPackage | io.pixelcraft.plugin.sandbox.CallBudget | platform internals",
        "ImportsInternalPackage | java.util.concurrent.TimeUnit          | ",
    })
    void hostileClassRejected(String plugin, String member, String reason) {
        List<Violation> violations = check(plugin);

        if (reason == null) {
            assertThat(violations).extracting(Violation::member).doesNotContain(member);
            return;
        }
        assertThat(violations).as("violations of %s", plugin)
                .anySatisfy(violation -> {
                    assertThat(violation.member()).isEqualTo(member);
                    assertThat(violation.reason()).isEqualTo(reason);
                    assertThat(violation.className()).isEqualTo(HostilePlugins.PACKAGE + plugin);
                });
    }

    @Test
    void violationNamesMethod() {
        List<Violation> violations = check("ExitsJvm");

        assertThat(violations).hasSize(1);
        assertThat(violations.get(0).location()).isEqualTo("method apply(Raster, Parameters, FilterContext)");
    }

    @ParameterizedTest
    @CsvSource({"LoopsForever", "RecursesForever", "AllocatesWithoutBound", "AllocatesGrid", "WellBehaved"})
    void budgetOnlyPluginsPassCheck(String plugin) {
        assertThat(check(plugin)).isEmpty();
    }

    @Test
    void threadStarterReportedOnce() {
        // A denied type is reported once per method; its members are not listed again.
        assertThat(check("StartsThread")).extracting(Violation::member).containsExactly("java.lang.Thread");
    }

    @Test
    void unreadableClassReported() {
        List<Violation> violations = checker.check(new byte[] {1, 2, 3});

        assertThat(violations).hasSize(1);
        assertThat(violations.get(0).reason()).startsWith("invalid class file");
    }

    @Test
    void policyKeepsRuntimeExceptionOpen() {
        assertThat(SandboxPolicy.typeReason("java/lang/RuntimeException", false)).isNull();
        assertThat(SandboxPolicy.typeReason("java/lang/Runtime", false)).isEqualTo("process control");
        assertThat(SandboxPolicy.typeReason("java/lang/ThreadLocal", false)).isEqualTo("threads");
        assertThat(SandboxPolicy.typeReason("sun/misc/Unsafe", false)).isEqualTo("Unsafe");
        assertThat(SandboxPolicy.typeReason("java/io/ObjectInputStream", false)).isEqualTo("serialization");
        assertThat(SandboxPolicy.typeReason("java/lang/management/ManagementFactory", false)).isEqualTo("JMX");
        assertThat(SandboxPolicy.typeReason("java/security/Policy", false)).isEqualTo("security settings");
        assertThat(SandboxPolicy.typeReason("[[I", false)).isNull();
    }
}

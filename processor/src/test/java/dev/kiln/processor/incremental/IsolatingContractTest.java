package dev.kiln.processor.incremental;

import static com.google.testing.compile.CompilationSubject.assertThat;
import static com.google.testing.compile.Compiler.javac;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import com.google.testing.compile.Compilation;
import com.google.testing.compile.JavaFileObjects;
import dev.kiln.processor.KilnProcessor;
import java.io.IOException;
import java.io.InputStream;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import javax.tools.JavaFileObject;
import org.junit.jupiter.api.Test;

/**
 * What Gradle asks of an isolating annotation processor, checked on the jar's contents and on
 * every legal fixture: the descriptor that declares it, and exactly one originating element —
 * the model — for every file it generates (Gradle falls back to a full recompilation otherwise).
 */
class IsolatingContractTest {

    @Test
    void theJarDeclaresTheProcessorIsolatingForGradle() throws IOException {
        assertEquals(KilnProcessor.class.getName() + ",isolating",
                resource("META-INF/gradle/incremental.annotation.processors"));
        assertEquals(KilnProcessor.class.getName(), resource("META-INF/services/javax.annotation.processing.Processor"));
    }

    @Test
    void everyGeneratedFileHasExactlyOneOriginatingElementItsModel() throws IOException, URISyntaxException {
        OriginRecorder recorder = new OriginRecorder(new KilnProcessor());
        Compilation c = javac().withProcessors(recorder).compile(validFixtures());
        assertThat(c).succeeded(); // some valid fixtures are warned about on purpose (OutputNotLastComputed)

        Map<String, List<String>> origins = recorder.origins();
        assertFalse(origins.isEmpty());
        origins.forEach((generated, from) ->
                assertEquals(List.of(generated.replace(".Kiln", ".")), from, generated));
        assertEquals(c.generatedSourceFiles().size(), origins.size(), "every generated file was recorded");
    }

    private static JavaFileObject[] validFixtures() throws IOException, URISyntaxException {
        Path folder = Path.of(IsolatingContractTest.class.getResource("/valid").toURI());
        try (Stream<Path> files = Files.list(folder)) {
            // UsesLateBlock* need a second processor to write their block (BlockDiagnosticsTest).
            return files.map(f -> f.getFileName().toString()).filter(f -> !f.startsWith("UsesLateBlock")).sorted()
                    .map(f -> JavaFileObjects.forResource("valid/" + f))
                    .toArray(JavaFileObject[]::new);
        }
    }

    private static String resource(String name) throws IOException {
        try (InputStream in = KilnProcessor.class.getClassLoader().getResourceAsStream(name)) {
            assertNotNull(in, name);
            return new String(in.readAllBytes(), StandardCharsets.UTF_8).strip();
        }
    }
}

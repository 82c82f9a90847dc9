package dev.kiln.processor.fuzz;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.kiln.processor.KilnProcessor;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;
import javax.annotation.processing.AbstractProcessor;
import javax.annotation.processing.Processor;
import javax.annotation.processing.RoundEnvironment;
import javax.lang.model.SourceVersion;
import javax.lang.model.element.TypeElement;
import org.junit.jupiter.api.Test;

/**
 * The fuzzer's harness catches what it is there to catch: stand-in processors that throw, hang,
 * write code that does not compile, or write a network that cannot run are each a failure of the
 * right kind, and a hang does not stop the next case from running.
 */
class FuzzHarnessTest {
    private static final SourceSet MODEL = Seeds.all().get(0);

    @Test
    void theRealProcessorOnASeedRunsPredict() {
        assertEquals(Outcome.Type.CLEAN_PREDICT_OK, run(KilnProcessor::new, MODEL).type());
    }

    @Test
    void aThrowingProcessorIsACrash() {
        assertEquals(Outcome.Type.CRASH, run(() -> new Scripted(() -> {
            throw new IllegalStateException("boom");
        }), MODEL).type());
    }

    @Test
    void generatedCodeThatDoesNotCompileIsCaught() {
        assertEquals(Outcome.Type.BAD_GENERATED_CODE, run(() -> writes("class KilnLeNet { int x = ; }"), MODEL).type());
    }

    @Test
    void constantsThatContradictEachOtherAreCaught() {
        assertEquals(Outcome.Type.BAD_GENERATED_CODE, run(() -> writes(network(-1, "return null;")), MODEL).type());
    }

    @Test
    void aNetworkThatCannotBeCreatedIsAPredictFailure() {
        assertEquals(Outcome.Type.PREDICT_FAILED,
                run(() -> writes(network(0, "throw new IllegalStateException(\"boom\");")), MODEL).type());
    }

    @Test
    void aModelThatGeneratesNothingIsASilentSuccess() {
        assertEquals(Outcome.Type.SILENT_SUCCESS, run(() -> new Scripted(() -> {}), MODEL).type());
    }

    @Test
    void aHangIsCaughtAndTheNextCaseStillRuns() {
        Supplier<Processor> hangsOnce = new Supplier<>() {
            private boolean hung;

            @Override
            public Processor get() {
                if (hung) {
                    return new KilnProcessor();
                }
                hung = true;
                return new Scripted(() -> {
                    while (true) {
                        Thread.onSpinWait();
                    }
                });
            }
        };
        try (CaseRunner runner = new CaseRunner(hangsOnce, Duration.ofSeconds(60), 1 << 28)) {
            assertEquals(Outcome.Type.HANG, runner.run(MODEL, 1, Duration.ofSeconds(2)).type());
            assertEquals(Outcome.Type.CLEAN_PREDICT_OK, runner.run(MODEL, 1).type());
        }
    }

    private static Outcome run(Supplier<Processor> processor, SourceSet sources) {
        try (CaseRunner runner = new CaseRunner(processor, Duration.ofSeconds(60), 1 << 28)) {
            return runner.run(sources, 1);
        }
    }

    /** A class with the generated constants and a {@code create} whose body is {@code create}. */
    private static String network(long parameters, String create) {
        return "public final class KilnLeNet {\n"
                + "  public static final long PARAMETERS = " + parameters + "L, STATE = 0L, FIXED_ELEMENTS = 0L,"
                + " ELEMENTS_PER_EXAMPLE = 1L, MULTIPLY_ACCUMULATES = 0L;\n"
                + "  public static dev.kiln.runtime.Network create(long seed) { " + create + " }\n}\n";
    }

    private static Processor writes(String body) {
        return new Scripted(() -> { }, Map.of("fixtures.KilnLeNet", "package fixtures;\n" + body));
    }

    /** Runs {@code action} in the first round and writes {@code files} (name → source). */
    private static final class Scripted extends AbstractProcessor {
        private final Runnable action;
        private final Map<String, String> files;
        private boolean done;

        Scripted(Runnable action) {
            this(action, Map.of());
        }

        Scripted(Runnable action, Map<String, String> files) {
            this.action = action;
            this.files = files;
        }

        @Override
        public Set<String> getSupportedAnnotationTypes() {
            return Set.of("*");
        }

        @Override
        public SourceVersion getSupportedSourceVersion() {
            return SourceVersion.latestSupported();
        }

        @Override
        public boolean process(Set<? extends TypeElement> annotations, RoundEnvironment round) {
            if (done) {
                return false;
            }
            done = true;
            action.run();
            files.forEach((name, text) -> {
                try (Writer w = processingEnv.getFiler().createSourceFile(name).openWriter()) {
                    w.write(text);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
            return false;
        }
    }
}

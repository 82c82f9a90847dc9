package dev.kiln.processor.fuzz;

/** How one fuzz case ended, and in a line, why. */
record Outcome(Type type, String detail) {
    enum Type {
        /** Compiled without errors; the generated class ran {@code predict} on a random input of the declared shape. */
        CLEAN_PREDICT_OK(false),
        /** Compiled without errors; the generated network's constants are sound but it needs more memory than the fuzzer's budget, so it was not created. */
        CLEAN_TOO_LARGE_TO_RUN(false),
        /** Compiled without errors and without a model to generate (the mutation removed {@code @Model}). */
        CLEAN_NO_MODEL(false),
        /** Failed with one or more {@code [Kiln/…]} errors. */
        KILN_DIAGNOSTICS(false),
        /** Failed with javac's errors only (syntax, types): the processor stayed silent or never ran. */
        JAVAC_ONLY(false),
        /** The compiler or the processor threw. */
        CRASH(true),
        /** {@code [Kiln/InternalError]}: the processor caught its own exception. */
        INTERNAL_ERROR(true),
        /** A diagnostic names an exception class or shows a stack frame. */
        EXCEPTION_IN_MESSAGE(true),
        /** Compiling, or running the generated class, took longer than the time limit. */
        HANG(true),
        /** The generated source does not compile, or its constants contradict each other. */
        BAD_GENERATED_CODE(true),
        /** The generated class failed to create, or {@code predict} threw or returned a wrong shape or non-finite values. */
        PREDICT_FAILED(true),
        /** Compiled cleanly with a {@code @Model} in the sources, but nothing was generated. */
        SILENT_SUCCESS(true);

        private final boolean failure;

        Type(boolean failure) {
            this.failure = failure;
        }

        boolean failure() {
            return failure;
        }
    }

    static Outcome of(Type type, String detail) {
        return new Outcome(type, detail);
    }
}

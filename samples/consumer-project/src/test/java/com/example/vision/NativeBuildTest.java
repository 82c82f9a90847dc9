package com.example.vision;

import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.kiln.runtime.platform.CpuDescription;
import dev.kiln.runtime.platform.NativeChoice;
import dev.kiln.runtime.platform.NativeSelector;
import org.bytedeco.javacpp.Loader;
import org.nd4j.linalg.factory.Nd4j;
import org.junit.jupiter.api.Test;

/**
 * This project names no CPU-specific ND4J build: the runtime brings the portable one, and Kiln's
 * selection, run when ND4J starts, loads the best build on the class path that this CPU runs.
 */
class NativeBuildTest {
    @Test
    void nd4jLoadsTheBuildKilnChoseForThisCpu() {
        Nd4j.zeros(1); // ND4J starts here, in this project's code, before any of Kiln's
        NativeChoice choice = NativeSelector.ensure();
        CpuDescription cpu = NativeSelector.cpu();
        String library = String.valueOf(Loader.getLoadedLibraries().get("jnind4jcpu"));
        if (cpu.isX86_64() && !NativeSelector.presentBuilds().isEmpty()) {
            assertTrue(choice.build().isPresent() && cpu.supports(choice.build().get().isa()), choice.describe());
            assertTrue(library.contains("/" + choice.classifier() + "/"), choice.describe() + " but loaded " + library);
        }
        System.out.println("NativeBuildTest: " + NativeSelector.report() + "; loaded " + library);
    }
}

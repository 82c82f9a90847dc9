package com.example.vision;

import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Kiln's processor and what it is built with stay in javac: none of it is on this project's
 * test (and so runtime) classpath, whether under its own name or Kiln's shaded one.
 */
class ClasspathTest {

    @ParameterizedTest
    @ValueSource(strings = {
        "dev.kiln.processor.KilnProcessor",
        "com.palantir.javapoet.JavaFile",
        "com.squareup.javapoet.JavaFile",
        "dev.kiln.processor.internal.javapoet.JavaFile",
        "com.google.auto.service.AutoService",
        "com.google.auto.service.processor.AutoServiceProcessor"})
    void compileTimeClassesAreNotHere(String name) {
        assertThrows(ClassNotFoundException.class, () -> Class.forName(name, false, getClass().getClassLoader()));
    }
}

/**
 * Which of ND4J's native builds a process loads: the CPU as Kiln reads it ({@link
 * dev.kiln.runtime.platform.CpuDescription}), the builds ({@link dev.kiln.runtime.platform.NativeBuild}),
 * the choice as a pure function ({@link dev.kiln.runtime.platform.NativeSelection}), and its
 * application before ND4J loads anything ({@link dev.kiln.runtime.platform.NativeSelector}, reached
 * through {@link dev.kiln.runtime.platform.SelectingBackendGuard} in every process).
 */
package dev.kiln.runtime.platform;

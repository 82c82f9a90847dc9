/**
 * Single-purpose microbenchmarks, one class with a {@code main} each, that print the figures
 * behind a decision in docs/performance.md; nothing runs them but a person. Each says at its top
 * how to run it, from the repository root once {@code ./kiln} has built Kiln:
 * {@code java -cp "bench/target/classes:$(cat bench/target/classpath.txt)" dev.kiln.bench.micro.NAME}.
 */
package dev.kiln.bench.micro;

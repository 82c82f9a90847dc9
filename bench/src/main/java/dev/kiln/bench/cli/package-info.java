/**
 * {@code ./kiln profile}, {@code bench} and {@code soak}: picocli subcommands that
 * {@link dev.kiln.bench.cli.BenchCommands} adds to the samples' {@code kiln} command line
 * (a {@link dev.kiln.samples.cli.CommandExtension} named in {@code META-INF/services}).
 */
package dev.kiln.bench.cli;

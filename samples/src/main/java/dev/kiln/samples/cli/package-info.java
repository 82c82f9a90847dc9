/** The {@code ./kiln} command line, built on picocli: one class per subcommand. */
package dev.kiln.samples.cli;

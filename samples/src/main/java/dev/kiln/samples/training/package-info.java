/** Glue between the command line and the runtime's data, training loop and checkpoints. */
package dev.kiln.samples.training;

/** Kiln's samples: the registry of sample models the command line runs. */
package dev.kiln.samples;

/** Kiln's samples: the registry of sample models the command line runs, and what its commands and tests share (JSON lines, the Python that runs PyTorch). */
package dev.kiln.samples;

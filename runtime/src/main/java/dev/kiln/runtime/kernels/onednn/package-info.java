/**
 * oneDNN 2.5 called directly through JavaCPP's presets ({@link dev.kiln.runtime.kernels.onednn.Dnnl}):
 * loading it (or saying why it did not load), its CPU engine, and the descriptors, memories,
 * reorders and prepared primitive calls the channels-last convolution engines are built from.
 */
package dev.kiln.runtime.kernels.onednn;

/**
 * Data sets and how batches are made of them.
 *
 * <ul>
 *   <li>{@link dev.kiln.runtime.data.Dataset}: an immutable in-memory image set (unsigned bytes,
 *       NCHW, one class index per example) with its per-channel statistics.</li>
 *   <li>Readers, which check everything and report a bad file as a
 *       {@link dev.kiln.runtime.data.DataFormatException} naming the file, what was expected and
 *       what came: {@link dev.kiln.runtime.data.IdxReader} (MNIST, Fashion-MNIST; plain or gzip)
 *       and {@link dev.kiln.runtime.data.Cifar10Reader} (CIFAR-10 binary);
 *       {@link dev.kiln.runtime.data.FashionMnist} names the four files of a Fashion-MNIST folder.</li>
 *   <li>Finding the data: {@link dev.kiln.runtime.data.DataLocator} (command line, {@code KILN_DATA},
 *       Debian's folder, the per-user cache) and {@link dev.kiln.runtime.data.DebianFetcher}, which
 *       fills the cache from Debian's package without root through a
 *       {@link dev.kiln.runtime.data.ProcessRunner}.</li>
 *   <li>Batches: {@link dev.kiln.runtime.data.BatchLoader} shuffles (seeded, per epoch), augments
 *       ({@link dev.kiln.runtime.data.Augmentation}: pad-and-crop, flip), normalises
 *       ({@link dev.kiln.runtime.data.Normalization}) and writes each
 *       {@link dev.kiln.runtime.data.Batch} into arrays allocated once, preparing the next batch on a
 *       background thread while the caller trains on the current one.</li>
 * </ul>
 */
package dev.kiln.runtime.data;

/**
 * Sample declarations: the ResNets of He et al. 2015 (CIFAR design) for 28×28 grey images,
 * and their plain twins, which differ only in {@code @Stack} where the ResNets have
 * {@code @Residual}.
 */
package dev.kiln.samples.models;

/**
 * The degradation experiment of He et al. 2015 on Fashion-MNIST: plain networks and their
 * residual twins trained side by side at several depths, with per-epoch CSVs, the paper-style
 * figure, gradient norms per layer and a short report.
 */
package dev.kiln.samples.experiment;

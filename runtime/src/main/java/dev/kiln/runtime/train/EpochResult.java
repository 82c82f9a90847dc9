package dev.kiln.runtime.train;

/**
 * What one epoch measured. Train loss and error are over the epoch's training batches as they
 * were trained (training-mode batch norm, augmentation on, and the label-smoothed targets when
 * smoothing is on), as in the ResNet paper's curves; test figures are inference on the test set
 * after the epoch, against the plain labels.
 */
public record EpochResult(int epoch, long step, double trainLoss, double trainError, double testLoss,
                          double testError, double learningRate, double seconds, int trainImages) {

    public double imagesPerSecond() {
        return seconds > 0 ? trainImages / seconds : 0;
    }

    public double testAccuracy() {
        return 1 - testError;
    }
}

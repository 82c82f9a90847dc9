package dev.kiln.runtime;

/** The loss of a training step came out NaN or infinite: training cannot continue from this step. */
public final class NonFiniteLossException extends ArithmeticException {
    private final long step;
    private final double loss;

    public NonFiniteLossException(String network, long step, double loss) {
        super(network + ": the loss at training step " + step + " is " + loss
                + "; lower the learning rate, check the input for NaN (setCheckInputs(true)), or resume from the last checkpoint");
        this.step = step;
        this.loss = loss;
    }

    public long step() {
        return step;
    }

    public double loss() {
        return loss;
    }
}

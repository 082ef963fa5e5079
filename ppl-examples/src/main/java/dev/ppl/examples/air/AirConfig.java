package dev.ppl.examples.air;

/**
 * The sizes and constants of an Attend-Infer-Repeat model ({@link AirModel}), as in the AIR
 * paper (Eslami et al. 2016) and Pyro's example:
 *
 * @param canvas       the image side \(D\) (images are \(D \times D\), 50 for multi-MNIST)
 * @param window       the object side \(d\) (objects and attention windows are \(d \times d\), 20)
 * @param steps        the most objects \(T\) per image (3)
 * @param what         the dimension of an object's appearance code \(z^{what}\) (50)
 * @param rnnHidden    the hidden units of the guide's LSTM (256)
 * @param baselineHidden the hidden units of the baseline's LSTM (64: it only estimates a mean;
 *                     its image GEMM costs a quarter of the guide's)
 * @param encoderHidden the hidden units of the encoder \(d^2 \to h \to 2 \cdot what\) (200)
 * @param decoderHidden the hidden units of the decoder \(what \to h \to d^2\) (200)
 * @param pixelScale   the standard deviation \(\sigma_x\) of every pixel given the canvas (0.3)
 * @param whereLoc     the prior mean of \(z^{where} = (s, x, y)\): (3, 0, 0), an object a third of the image
 * @param whereScale   the prior standard deviations of \(z^{where}\): (0.2, 1, 1)
 * @param presenceFloor the presence probability \(\varepsilon\) of a step after an absent one, in
 *                     the model and the guide alike (its value never matters: such a step is
 *                     absent whatever its draw); positive so that enumerating it never meets
 *                     \(\log 0\)
 */
public record AirConfig(int canvas, int window, int steps, int what, int rnnHidden, int baselineHidden, int encoderHidden,
                        int decoderHidden,
                        double pixelScale, double[] whereLoc, double[] whereScale, double presenceFloor) {

    /** Validates the sizes and constants. */
    public AirConfig {
        if (canvas < 2 || window < 2 || steps < 1 || what < 1 || rnnHidden < 1 || baselineHidden < 1 || encoderHidden < 1
                || decoderHidden < 1) {
            throw new IllegalArgumentException("AirConfig: sizes must be positive (canvas and window at least 2), got canvas="
                    + canvas + " window=" + window + " steps=" + steps + " what=" + what + " rnnHidden=" + rnnHidden
                    + " baselineHidden=" + baselineHidden
                    + " encoderHidden=" + encoderHidden + " decoderHidden=" + decoderHidden);
        }
        if (!(pixelScale > 0) || whereLoc.length != 3 || whereScale.length != 3 || !(presenceFloor > 0 && presenceFloor < 1)) {
            throw new IllegalArgumentException("AirConfig: need pixelScale > 0, 3 where means and scales, 0 < presenceFloor < 1; got "
                    + pixelScale + ", " + whereLoc.length + ", " + whereScale.length + ", " + presenceFloor);
        }
        whereLoc = whereLoc.clone();
        whereScale = whereScale.clone();
    }

    /** The standard AIR of the paper and Pyro's example, for 50 x 50 multi-MNIST, with {@code steps} steps. */
    public static AirConfig standard(int steps) {
        return new AirConfig(50, 20, steps, 50, 256, 64, 200, 200, 0.3, new double[] {3, 0, 0}, new double[] {0.2, 1, 1}, 1e-4);
    }

    /** The standard AIR of the paper and Pyro's example, for 50 x 50 multi-MNIST. */
    public static AirConfig standard() {
        return standard(3);
    }

    /** A small instance for tests: {@code canvas x canvas} images, {@code window}-pixel objects, {@code steps} steps, narrow networks. */
    public static AirConfig tiny(int canvas, int window, int steps) {
        return new AirConfig(canvas, window, steps, 2, 8, 8, 8, 8, 0.3, new double[] {3, 0, 0}, new double[] {0.2, 1, 1}, 1e-4);
    }

    /** The pixels of an image, \(D^2\). */
    public int pixels() {
        return canvas * canvas;
    }

    /** The pixels of an object, \(d^2\). */
    public int objectPixels() {
        return window * window;
    }

    @Override
    public double[] whereLoc() {
        return whereLoc.clone();
    }

    @Override
    public double[] whereScale() {
        return whereScale.clone();
    }
}

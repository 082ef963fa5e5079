package dev.ppl.examples.bench;

import java.util.ArrayList;
import java.util.List;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * The 11 GEMMs of one VAE training step at batch \(B\), alone: the step's GEMM floor. The same
 * products, shapes and transpose flags as {@link HandCodedVae} (4 forward, 4 weight gradients,
 * 3 input gradients; no gradient for the pixels; the bias sums, GEMMs with a row of ones there, are
 * not counted), each {@code Nd4j.gemm} into a preallocated output, on random float32 operands.
 * A step cannot be faster than these with ND4J's BLAS, so step time / GEMM time is how much a
 * step spends around its matrix products.
 */
final class StepGemms {
    /**
     * One product {@code out = op(a) op(b)}: {@code [m, k] x [k, n]} after the transpose flags.
     *
     * @param name what it computes in the step
     */
    record Gemm(String name, INDArray a, INDArray b, INDArray out, boolean ta, boolean tb) {
        long m() {
            return out.size(0);
        }

        long n() {
            return out.size(1);
        }

        long k() {
            return ta ? a.size(0) : a.size(1);
        }

        /** \(2mnk\). */
        double flops() {
            return 2.0 * m() * n() * k();
        }

        void run() {
            Nd4j.gemm(a, b, out, ta, tb, 1.0, 0.0);
        }

        /** {@code name [m x k] x [k x n]} with the transpose flags. */
        String describe() {
            return String.format("%-14s [%d x %d]%s x [%d x %d]%s", name, m(), k(), ta ? "^T" : "", k(), n(), tb ? "^T" : "");
        }
    }

    private final List<Gemm> gemms = new ArrayList<>();

    /** The GEMMs of a step at batch {@code batch} of {@code layout}, with operands drawn from {@code seed}. */
    StepGemms(VaeLayout layout, int batch, long seed) {
        long b = batch, d = layout.pixels(), h = layout.hidden(), l = layout.latent();
        Nd4j.getRandom().setSeed(seed);
        INDArray x = Nd4j.rand(DataType.FLOAT, b, d);
        INDArray w1 = Nd4j.rand(DataType.FLOAT, d, h), w2 = Nd4j.rand(DataType.FLOAT, h, 2 * l);
        INDArray w3 = Nd4j.rand(DataType.FLOAT, l, h), w4 = Nd4j.rand(DataType.FLOAT, h, d);
        INDArray h1 = Nd4j.rand(DataType.FLOAT, b, h), z = Nd4j.rand(DataType.FLOAT, b, l), h3 = Nd4j.rand(DataType.FLOAT, b, h);
        INDArray gl = Nd4j.rand(DataType.FLOAT, b, d), g3 = Nd4j.rand(DataType.FLOAT, b, h);
        INDArray ge = Nd4j.rand(DataType.FLOAT, b, 2 * l), g1 = Nd4j.rand(DataType.FLOAT, b, h);
        add("fwd x W1", x, w1, b, h, false, false);
        add("fwd h1 W2", h1, w2, b, 2 * l, false, false);
        add("fwd z W3", z, w3, b, h, false, false);
        add("fwd h3 W4", h3, w4, b, d, false, false);
        add("dW4 h3^T G", h3, gl, h, d, true, false);
        add("dh3 G W4^T", gl, w4, b, h, false, true);
        add("dW3 z^T G3", z, g3, l, h, true, false);
        add("dz G3 W3^T", g3, w3, b, l, false, true);
        add("dW2 h1^T Ge", h1, ge, h, 2 * l, true, false);
        add("dh1 Ge W2^T", ge, w2, b, h, false, true);
        add("dW1 x^T G1", x, g1, d, h, true, false);
    }

    private void add(String name, INDArray a, INDArray b, long m, long n, boolean ta, boolean tb) {
        gemms.add(new Gemm(name, a, b, Nd4j.createUninitialized(DataType.FLOAT, m, n), ta, tb));
    }

    /** The products, in step order. */
    List<Gemm> gemms() {
        return gemms;
    }

    /** Runs all 11 once. */
    void runAll() {
        for (Gemm g : gemms) {
            g.run();
        }
    }

    /** The flops of all 11: \(2B(5DH + 9LH)\). */
    double flops() {
        double f = 0;
        for (Gemm g : gemms) {
            f += g.flops();
        }
        return f;
    }
}

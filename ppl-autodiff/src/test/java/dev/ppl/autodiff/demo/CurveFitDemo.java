package dev.ppl.autodiff.demo;

import dev.ppl.autodiff.Arena;
import dev.ppl.autodiff.Grad;
import dev.ppl.autodiff.Var;
import dev.ppl.autodiff.io.Checkpoint;
import dev.ppl.autodiff.nn.Activation;
import dev.ppl.autodiff.nn.Mlp;
import dev.ppl.autodiff.nn.Params;
import dev.ppl.autodiff.optim.Adam;
import java.nio.file.Path;
import java.util.Map;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.ops.transforms.Transforms;

/**
 * The module's runnable demo: fits an MLP {@code 1-64-64-1} (tanh) to \(y = \sin(3x) + 0.1\epsilon\)
 * on 256 points by minimizing the mean squared error with Adam, printing the loss, and saves a
 * checkpoint. Run with {@code mvn -B -q -pl ppl-autodiff test-compile exec:exec@demo}.
 */
public final class CurveFitDemo {
    private CurveFitDemo() {}

    /** Trains for {@code steps} steps and returns the final training loss. */
    public static double run(int steps, long seed, Path checkpoint, boolean verbose) {
        INDArray x = Nd4j.linspace(-2, 2, 256, DataType.FLOAT).reshape(256, 1);
        INDArray noise = Nd4j.randn(Nd4j.getRandomFactory().getNewRandomInstance(seed), new long[] {256, 1})
                .castTo(DataType.FLOAT).muli(0.1);
        INDArray y = Transforms.sin(x.mul(3), true).addi(noise);
        Params.Builder b = Params.builder(DataType.FLOAT, seed);
        Mlp net = Mlp.create(b, "net", new int[] {1, 64, 64, 1}, Activation.TANH, Activation.IDENTITY);
        Params params = b.build();
        Adam adam = new Adam(1e-2);
        Var xv = Var.constant(x), yv = Var.constant(y);
        double loss = Double.NaN;
        for (int step = 1; step <= steps; step++) {
            try (Arena arena = Arena.open("demo")) {
                Var mse = net.apply(params, xv).sub(yv).square().mean();
                params.setGrads(Grad.grad(mse, params.vars()));
                loss = mse.item();
            }
            adam.step(params);
            if (verbose && (step % (steps / 10) == 0 || step == 1)) {
                System.out.printf("step %5d  mse %.5f%n", step, loss);
            }
        }
        if (checkpoint != null) {
            Checkpoint.of(params, adam.state(), Map.of("step", Integer.toString(steps))).save(checkpoint);
            if (verbose) {
                System.out.println("checkpoint written to " + checkpoint.toAbsolutePath());
            }
        }
        return loss;
    }

    /** Entry point: {@code [steps] [checkpoint-path]}. */
    public static void main(String[] args) {
        int steps = args.length > 0 ? Integer.parseInt(args[0]) : 2000;
        Path ckpt = Path.of(args.length > 1 ? args[1] : "target/curve-fit.ckpt");
        long t0 = System.nanoTime();
        double loss = run(steps, 1, ckpt, true);
        System.out.printf("final mse %.5f (noise floor 0.01) in %.1f s%n", loss, (System.nanoTime() - t0) / 1e9);
    }
}

package dev.ppl.autodiff.ops;

import dev.ppl.autodiff.DifferentiableBackward;
import dev.ppl.autodiff.Shapes;
import dev.ppl.autodiff.Var;
import dev.ppl.autodiff.kernels.Kernels;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.ops.impl.transforms.custom.CumSum;
import org.nd4j.linalg.factory.Nd4j;

/** Scans: running totals along an axis. */
public final class Scans {
    private Scans() {}

    /**
     * The inclusive cumulative sum along {@code axis}, \(y_i = \sum_{j \le i} x_j\) (other axes
     * independent, shape unchanged). Each \(x_j\) feeds every \(y_i\) with \(i \ge j\), so the
     * gradient is the reverse cumulative sum \(\bar x_j = \sum_{i \ge j} \bar y_i\); its differentiable
     * form ({@link DifferentiableBackward}) is \(\sum_i \bar y_i - \sum_{i \le j} \bar y_i + \bar y_j\).
     *
     * @throws IllegalArgumentException if {@code axis} is out of range (a rank-0 input has none)
     */
    public static Var cumsum(Var a, int axis) {
        int ax = Shapes.axis("cumsum", axis, a.rank());
        INDArray x = a.value();
        INDArray y = Nd4j.exec(new CumSum(x, Kernels.like(x), false, false, ax))[0];
        return Var.of("cumsum", y, new DifferentiableBackward() {
            @Override public INDArray[] apply(INDArray g) {
                return new INDArray[] {Nd4j.exec(new CumSum(g, Kernels.like(g), false, true, ax))[0]};
            }
            @Override public Var[] apply(Var g, Var z, Var[] in) {
                return new Var[] {Reductions.sum(g, true, ax).sub(cumsum(g, ax)).add(g)};
            }
        }, a);
    }
}

package dev.ppl.autodiff.ops;

import static dev.ppl.autodiff.TestArrays.normal;
import static dev.ppl.autodiff.ops.SecondOrderInputs.checkMany;

import dev.ppl.autodiff.nn.Activation;
import dev.ppl.autodiff.nn.Mlp;
import dev.ppl.autodiff.nn.Params;
import dev.ppl.autodiff.Var;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;

/**
 * Second derivatives through matrix products: every matmul path (rank 2, equal batch axes, a
 * shared rank-2 right operand, broadcast batch axes), the dense layer's affine op, and whole MLPs
 * with smooth activations.
 */
class SecondOrderLinalgTest {
    @Test
    void matmulHasCorrectSecondDerivativesOnEveryPath() {
        checkMany("matmul 2d", v -> v.get(0).matmul(v.get(1)), normal(101, 3, 4), normal(102, 4, 2));
        checkMany("matmul tanh", v -> v.get(0).matmul(v.get(1)).tanh(), normal(103, 3, 4), normal(104, 4, 2));
        checkMany("bmm", v -> v.get(0).matmul(v.get(1)).exp(), normal(105, 2, 3, 4), normal(106, 2, 4, 2));
        checkMany("bmm shared", v -> v.get(0).matmul(v.get(1)).sigmoid(), normal(107, 2, 3, 4), normal(108, 4, 2));
        checkMany("bmm broadcast", v -> v.get(0).matmul(v.get(1)).softplus(), normal(109, 2, 1, 3, 4), normal(110, 3, 4, 2));
        checkMany("x^T x", v -> v.get(0).transpose().matmul(v.get(0)), normal(111, 3, 2));
    }

    @Test
    void affineHasCorrectSecondDerivativesInInputWeightAndBias() {
        checkMany("affine", v -> Linalg.affine(v.get(0), v.get(1), v.get(2)).tanh(),
                normal(121, 4, 3), normal(122, 3, 2), normal(123, 2));
        checkMany("affine of input", v -> Linalg.affine(v.get(0).sigmoid(), v.get(1), v.get(2)),
                normal(124, 4, 3), normal(125, 3, 2), normal(126, 2));
    }

    @Test
    void mlpWithSmoothActivationsHasCorrectSecondDerivativesInInputsAndParameters() {
        for (Activation act : List.of(Activation.TANH, Activation.SOFTPLUS, Activation.SIGMOID)) {
            Params.Builder b = Params.builder(DataType.DOUBLE, 131);
            Mlp mlp = Mlp.create(b, "c", new int[] {3, 5, 1}, act, Activation.IDENTITY);
            Params p = b.build();
            // the parameters enter as inputs of the checked function, so their second derivatives are checked too
            checkMany("mlp " + act, v -> twoLayer(v, act), normal(132, 4, 3),
                    p.get("c/0/w").value(), p.get("c/0/b").value(), p.get("c/1/w").value(), p.get("c/1/b").value());
            checkMany("mlp rank 3 " + act, v -> mlp.apply(p, v.get(0)), normal(133, 2, 4, 3));
        }
    }

    private static Var twoLayer(List<Var> v, Activation act) {
        Var h = act.apply(Linalg.affine(v.get(0), v.get(1), v.get(2)));
        return Linalg.affine(h, v.get(3), v.get(4));
    }
}

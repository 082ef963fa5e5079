package dev.ppl.autodiff;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import dev.ppl.autodiff.nn.Activation;
import dev.ppl.autodiff.nn.Mlp;
import dev.ppl.autodiff.nn.Params;
import dev.ppl.autodiff.optim.Adam;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

class ArenaTest {
    private static double[] train(boolean useArena) {
        Params.Builder b = Params.builder(DataType.DOUBLE, 7);
        Mlp mlp = Mlp.create(b, "mlp", new int[] {5, 8, 2}, Activation.TANH, Activation.IDENTITY);
        Params p = b.build();
        Adam adam = new Adam(0.01);
        Var x = Var.constant(TestArrays.normal(1, 16, 5));
        Var t = Var.constant(TestArrays.normal(2, 16, 2));
        double[] losses = new double[20];
        for (int i = 0; i < losses.length; i++) {
            if (useArena) {
                try (Arena a = Arena.open("arena-test")) {
                    Var loss = mlp.apply(p, x).sub(t).square().mean();
                    p.setGrads(Grad.grad(loss, p.vars()));
                    losses[i] = loss.item();
                }
            } else {
                Var loss = mlp.apply(p, x).sub(t).square().mean();
                p.setGrads(Grad.grad(loss, p.vars()));
                losses[i] = loss.item();
            }
            adam.step(p);
        }
        return losses;
    }

    @Test
    void trainingInsideAnArenaGivesTheSameNumbersAsWithout() {
        double[] with = train(true);
        double[] without = train(false);
        for (int i = 0; i < with.length; i++) {
            assertEquals(without[i], with[i], 0.0, "step " + i);
        }
    }

    @Test
    void detachAndOutsideProduceArraysThatOutliveTheArena() {
        INDArray kept;
        INDArray made;
        try (Arena a = Arena.open("arena-detach")) {
            kept = Arena.detach(Nd4j.ones(DataType.FLOAT, 3).mul(2));
            made = Arena.outside(() -> Nd4j.ones(DataType.FLOAT, 2));
        }
        assertFalse(kept.isAttached());
        assertFalse(made.isAttached());
        assertEquals(6.0, kept.sumNumber().doubleValue());
        assertEquals(2.0, made.sumNumber().doubleValue());
    }
}

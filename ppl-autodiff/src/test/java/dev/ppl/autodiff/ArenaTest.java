package dev.ppl.autodiff;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

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

    /** A node computed in an arena and read after it closed fails loudly; leaves and detached copies do not. */
    @Test
    void aValueReadAfterItsArenaClosedIsAnErrorNamingTheOpAndTheArena() {
        INDArray x = Nd4j.ones(DataType.FLOAT, 3);
        Var leaf = Var.constant(x);
        Var kept;
        INDArray copied;
        try (Arena a = Arena.open("arena-after-close")) {
            kept = leaf.mul(leaf).sum();
            assertEquals(3.0, kept.item(), 0.0, "readable while open");
            copied = Arena.detach(kept.value());
        }
        IllegalStateException e = assertThrows(IllegalStateException.class, kept::item);
        assertTrue(e.getMessage().contains("'sum'") && e.getMessage().contains("arena 'arena-after-close'"), e.getMessage());
        assertThrows(IllegalStateException.class, kept::value);
        assertEquals(3.0, copied.getDouble(0), 0.0);
        assertEquals(1.0, leaf.value().getDouble(0), 0.0, "a leaf wraps the caller's array");
        Var outside = leaf.mul(leaf);
        assertEquals(1.0, outside.value().getDouble(0), 0.0, "outside arenas nothing is guarded");
    }

    @Test
    void opOutputsAreReusedCycleAfterCycleInRequestOrderAndAreDistinctWithinACycle() {
        INDArray[] first = new INDArray[3];
        INDArray[] second = new INDArray[3];
        for (INDArray[] cycle : new INDArray[][] {first, second}) {
            try (Arena a = Arena.open("arena-pool")) {
                cycle[0] = Arena.uninitialized(DataType.FLOAT, 4, 5);
                cycle[1] = Arena.uninitialized(DataType.FLOAT, 4, 5);
                cycle[2] = Arena.scalar(DataType.DOUBLE, 2.5);
                assertEquals(2.5, cycle[2].getDouble(0));
            }
        }
        assertNotSame(first[0], first[1]);
        for (int i = 0; i < 3; i++) {
            assertSame(first[i], second[i], "request " + i);
        }
        assertEquals(DataType.FLOAT, first[0].dataType());
        org.junit.jupiter.api.Assertions.assertArrayEquals(new long[] {4, 5}, first[0].shape());
        assertEquals('c', first[0].ordering());
    }

    @Test
    void outsideAnArenaAndInsideOutsideEveryRequestIsAFreshArray() {
        assertNotSame(Arena.uninitialized(DataType.FLOAT, 3), Arena.uninitialized(DataType.FLOAT, 3));
        try (Arena a = Arena.open("arena-outside")) {
            INDArray pooled = Arena.uninitialized(DataType.FLOAT, 3);
            INDArray fresh = Arena.outside(() -> Arena.uninitialized(DataType.FLOAT, 3));
            assertNotSame(pooled, fresh);
            assertNotSame(fresh, Arena.outside(() -> Arena.uninitialized(DataType.FLOAT, 3)));
        }
    }

    @Test
    void aNestedOpenOfTheSameIdDoesNotHandOutArraysInUse() {
        try (Arena outer = Arena.open("arena-nested")) {
            INDArray a = Arena.uninitialized(DataType.FLOAT, 2);
            try (Arena inner = Arena.open("arena-nested")) {
                assertNotSame(a, Arena.uninitialized(DataType.FLOAT, 2));
            }
            assertNotSame(a, Arena.uninitialized(DataType.FLOAT, 2));
        }
    }

    @Test
    void detachCopiesPooledArraysAndTheirViewsSoTheNextCycleCannotOverwriteThem() {
        INDArray kept;
        INDArray keptView;
        try (Arena a = Arena.open("arena-pool-detach")) {
            INDArray x = Arena.uninitialized(DataType.FLOAT, 2, 3).assign(7);
            kept = Arena.detach(x);
            keptView = Arena.detach(x.getRow(1));
        }
        try (Arena a = Arena.open("arena-pool-detach")) {
            Arena.uninitialized(DataType.FLOAT, 2, 3).assign(-1); // the same array, overwritten
        }
        assertEquals(42.0, kept.sumNumber().doubleValue());
        assertEquals(21.0, keptView.sumNumber().doubleValue());
    }

    @Test
    void aPoolKeepsOnlyWhatThePreviousCycleUsed() {
        INDArray old;
        try (Arena a = Arena.open("arena-trim")) {
            old = Arena.uninitialized(DataType.FLOAT, 9, 9);
        }
        try (Arena a = Arena.open("arena-trim")) {
            Arena.uninitialized(DataType.FLOAT, 2); // a cycle that does not ask for [9, 9]
        }
        try (Arena a = Arena.open("arena-trim")) {
            assertNotSame(old, Arena.uninitialized(DataType.FLOAT, 9, 9), "dropped after an unused cycle");
        }
    }
}

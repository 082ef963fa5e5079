package dev.ppl.autodiff.nn;

import static dev.ppl.autodiff.TestArrays.normal;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ppl.autodiff.GradCheck;
import dev.ppl.autodiff.TestArrays;
import dev.ppl.autodiff.Var;
import java.util.List;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

class LstmCellTest {
    private static final int IN = 3, HIDDEN = 2, N = 4;

    /** A cell with random weights and bias (not the initial ones, so every gate is generic). */
    private static Params randomParams(LstmCell[] cell) {
        Params.Builder b = Params.builder(DataType.DOUBLE, 7);
        cell[0] = LstmCell.create(b, "lstm", IN, HIDDEN);
        Params p = b.build();
        p.get("lstm/w").value().assign(normal(1, IN + HIDDEN, 4 * HIDDEN).muli(0.7));
        p.get("lstm/b").value().assign(normal(2, 4 * HIDDEN).muli(0.5));
        return p;
    }

    private static double sigmoid(double z) {
        return 1 / (1 + Math.exp(-z));
    }

    @Test
    void registersTheFusedWeightAndABiasWhoseForgetBlockIsOne() {
        Params.Builder b = Params.builder(DataType.DOUBLE, 3);
        LstmCell cell = LstmCell.create(b, "rnn", 5, 4);
        Params p = b.build();
        assertEquals(List.of("rnn/w", "rnn/b"), p.names());
        assertArrayEquals(new long[] {9, 16}, p.get("rnn/w").shape());
        assertArrayEquals(new double[] {0, 0, 0, 0, 1, 1, 1, 1, 0, 0, 0, 0, 0, 0, 0, 0},
                p.get("rnn/b").value().toDoubleVector(), 0.0);
        INDArray w = p.get("rnn/w").value();
        assertTrue(w.amaxNumber().doubleValue() <= 0.5 && w.stdNumber().doubleValue() > 0.2, "U(-1/2, 1/2) weights");
        assertEquals(5, cell.in());
        assertEquals(4, cell.hidden());
    }

    @Test
    void oneStepMatchesAPlainJavaLstmWithGatesInputForgetCellOutput() {
        LstmCell[] cell = new LstmCell[1];
        Params p = randomParams(cell);
        INDArray x = normal(3, N, IN), h = normal(4, N, HIDDEN), c = normal(5, N, HIDDEN);
        LstmCell.State next = cell[0].apply(p, Var.constant(x), new LstmCell.State(Var.constant(h), Var.constant(c)));
        INDArray w = p.get("lstm/w").value(), bias = p.get("lstm/b").value();
        for (int n = 0; n < N; n++) {
            for (int k = 0; k < HIDDEN; k++) {
                double[] z = new double[4];
                for (int gate = 0; gate < 4; gate++) {
                    int col = gate * HIDDEN + k;
                    z[gate] = bias.getDouble(col);
                    for (int r = 0; r < IN; r++) {
                        z[gate] += x.getDouble(n, r) * w.getDouble(r, col);
                    }
                    for (int r = 0; r < HIDDEN; r++) {
                        z[gate] += h.getDouble(n, r) * w.getDouble(IN + r, col);
                    }
                }
                double cNext = sigmoid(z[1]) * c.getDouble(n, k) + sigmoid(z[0]) * Math.tanh(z[2]);
                assertEquals(cNext, next.c().value().getDouble(n, k), 1e-14);
                assertEquals(sigmoid(z[3]) * Math.tanh(cNext), next.h().value().getDouble(n, k), 1e-14);
            }
        }
    }

    /** Two steps from {@code (h0, c0)} on inputs {@code x1, x2}: {@code [h2, c2]} side by side. */
    private static Var twoSteps(LstmCell cell, Params p, Var x1, Var x2, Var h0, Var c0) {
        LstmCell.State s = cell.apply(p, x2, cell.apply(p, x1, new LstmCell.State(h0, c0)));
        return Var.concat(1, s.h(), s.c());
    }

    @Test
    void twoStepGradientsMatchFiniteDifferencesForInputsStateAndParameters() {
        LstmCell[] cell = new LstmCell[1];
        Params p = randomParams(cell);
        INDArray x1 = normal(6, N, IN), x2 = normal(7, N, IN), h0 = normal(8, N, HIDDEN), c0 = normal(9, N, HIDDEN);
        GradCheck.verify("lstm inputs and state", v -> twoSteps(cell[0], p, v.get(0), v.get(1), v.get(2), v.get(3)), x1, x2, h0, c0);
        verifyParameterGradients(p, () -> twoSteps(cell[0], p, Var.constant(x1), Var.constant(x2), Var.constant(h0),
                Var.constant(c0)));
    }

    /**
     * Central differences over every element of the parameters' flat buffer against
     * {@link Params#computeGrads}, for \(L = \sum_j w_j y_j\) with fixed weights, as {@link GradCheck}
     * does for inputs.
     */
    private static void verifyParameterGradients(Params p, Supplier<Var> f) {
        Var out = f.get();
        INDArray weights = TestArrays.uniform(10, 0.5, 1.5, out.shape());
        p.computeGrads(out.mul(Var.constant(weights)).sum());
        INDArray analytic = p.flatGrads().dup(), flat = p.flatValues();
        for (long k = 0; k < flat.length(); k++) {
            double x = flat.getDouble(k);
            flat.putScalar(k, x + GradCheck.EPS);
            double up = f.get().value().mul(weights).sumNumber().doubleValue();
            flat.putScalar(k, x - GradCheck.EPS);
            double down = f.get().value().mul(weights).sumNumber().doubleValue();
            flat.putScalar(k, x);
            double numeric = (up - down) / (2 * GradCheck.EPS);
            assertEquals(numeric, analytic.getDouble(k), GradCheck.ATOL + GradCheck.RTOL * Math.abs(numeric),
                    "parameter element " + k + " of " + p.names());
        }
    }

    /** Gates plus {@code u W_u} equal the fused cell over {@code [u, x]} with the weight rows of {@code u} on top. */
    @Test
    void extraGatesEqualTheFusedCellOverTheStackedInput() {
        int u = 5;
        Params.Builder big = Params.builder(DataType.DOUBLE, 7), small = Params.builder(DataType.DOUBLE, 8);
        LstmCell fused = LstmCell.create(big, "fused", u + IN, HIDDEN);
        LstmCell split = LstmCell.create(small, "split", IN, HIDDEN);
        Params pb = big.build(), ps = small.build();
        INDArray w = normal(11, u + IN + HIDDEN, 4 * HIDDEN), b = normal(12, 4 * HIDDEN);
        pb.get("fused/w").value().assign(w);
        pb.get("fused/b").value().assign(b);
        ps.get("split/w").value().assign(w.get(org.nd4j.linalg.indexing.NDArrayIndex.interval(u, u + IN + HIDDEN),
                org.nd4j.linalg.indexing.NDArrayIndex.all()));
        ps.get("split/b").value().assign(b);
        INDArray wu = w.get(org.nd4j.linalg.indexing.NDArrayIndex.interval(0, u), org.nd4j.linalg.indexing.NDArrayIndex.all()).dup();
        Var image = Var.constant(normal(13, N, u)), x = Var.constant(normal(14, N, IN));
        LstmCell.State s0 = new LstmCell.State(Var.constant(normal(15, N, HIDDEN)), Var.constant(normal(16, N, HIDDEN)));
        LstmCell.State a = fused.apply(pb, Var.concat(1, image, x), s0);
        LstmCell.State c = split.apply(ps, x, s0, image.matmul(Var.constant(wu)));
        assertArrayEquals(a.h().value().reshape(-1).toDoubleVector(), c.h().value().reshape(-1).toDoubleVector(), 1e-12);
        assertArrayEquals(a.c().value().reshape(-1).toDoubleVector(), c.c().value().reshape(-1).toDoubleVector(), 1e-12);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> split.apply(ps, x, s0, Var.constant(normal(17, N, 3))));
        assertTrue(e.getMessage().contains("extra gates [4, 3]"), e.getMessage());
    }

    @Test
    void zeroStateIsAConstantOfTheGivenShapeAndType() {
        LstmCell.State s = LstmCell.State.zeros(3, 5, DataType.FLOAT);
        assertArrayEquals(new long[] {3, 5}, s.h().shape());
        assertArrayEquals(new long[] {3, 5}, s.c().shape());
        assertEquals(DataType.FLOAT, s.c().dtype());
        assertEquals(0.0, s.h().absSum() + s.c().absSum(), 0.0);
        assertTrue(!s.h().requiresGrad() && !s.c().requiresGrad());
    }

    @Test
    void badInputsNameTheCellAndTheShapes() {
        LstmCell[] cell = new LstmCell[1];
        Params p = randomParams(cell);
        LstmCell.State zero = LstmCell.State.zeros(N, HIDDEN, DataType.DOUBLE);
        expect(() -> cell[0].apply(p, Var.constant(normal(1, N, IN + 1)), zero), "LstmCell 'lstm'", "x[4, 4]", "[N, 3]");
        expect(() -> cell[0].apply(p, Var.constant(normal(1, N)), zero), "LstmCell 'lstm'", "x[4]", "[N, 3]");
        expect(() -> cell[0].apply(p, Var.constant(normal(2, N + 1, IN)), zero), "LstmCell 'lstm'", "x[5, 3]", "[4, 2]",
                "must be [5, 2]");
        expect(() -> cell[0].apply(p, Var.constant(normal(3, N, IN)), LstmCell.State.zeros(N, HIDDEN + 1, DataType.DOUBLE)),
                "LstmCell 'lstm'", "[4, 3]", "must be [4, 2]");
        expect(() -> cell[0].apply(p, Var.constant(normal(4, N, IN).castTo(DataType.FLOAT)), zero), "LstmCell 'lstm'",
                "FLOAT", "DOUBLE", "x[4, 3]");
        expect(() -> new LstmCell.State(Var.constant(normal(5, N, HIDDEN)), Var.constant(normal(6, N, HIDDEN + 1))),
                "LstmCell.State", "[4, 2]", "[4, 3]");
        expect(() -> LstmCell.create(Params.builder(1), "bad", 0, 4), "LstmCell 'bad'", "in=0");
    }

    private static void expect(Executable call, String... parts) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, call);
        for (String part : parts) {
            assertTrue(e.getMessage().contains(part), "'" + part + "' missing from: " + e.getMessage());
        }
    }
}

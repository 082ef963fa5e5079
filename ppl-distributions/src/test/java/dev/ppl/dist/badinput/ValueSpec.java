package dev.ppl.dist.badinput;

import dev.ppl.autodiff.Shapes;
import dev.ppl.autodiff.Var;
import dev.ppl.dist.Distribution;
import dev.ppl.dist.Expansion;
import dev.ppl.dist.Validation;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * One distribution of the value tables: built lazily (so ND4J starts inside the test), with a
 * batch of 2 or more, a valid value of shape {@code batchShape ++ eventShape}, and, where the
 * support is not all of \(\mathbb{R}^n\), a value whose batch element 1 lies outside it together with
 * what the strict-mode message must say about it.
 */
record ValueSpec(String label, String family, Supplier<Distribution<Var>> dist, INDArray valid, INDArray outside,
        List<String> outsideFragments) {
    /** A family whose support is all of \(\mathbb{R}^n\). */
    static ValueSpec real(String label, String family, Supplier<Distribution<Var>> dist, INDArray valid) {
        return new ValueSpec(label, family, dist, valid, null, List.of());
    }

    /** Scalar events: {@code valid} with element 1 replaced by {@code outside}. */
    static ValueSpec scalar(String label, String family, Supplier<Distribution<Var>> dist, INDArray valid, double outside) {
        INDArray x = valid.dup();
        x.putScalar(1, outside);
        return new ValueSpec(label, family, dist, valid, x, List.of("batch element 1 ", Double.toString(outside)));
    }

    /** Any events: {@code outside} differs from {@code valid} in batch element 1 only. */
    static ValueSpec events(String label, String family, Supplier<Distribution<Var>> dist, INDArray valid, INDArray outside,
            String... fragments) {
        return new ValueSpec(label, family, dist, valid, outside, List.of(fragments));
    }

    /** The number of value elements per batch element. */
    long eventLength() {
        long n = 1;
        for (long d : dist.get().eventShape()) {
            n *= d;
        }
        return n;
    }

    /** {@code valid} with flat element 1 set to {@code x}. */
    Var validWith(double x) {
        return Factory.withElement(valid, 1, x);
    }

    /**
     * The bad-value rows for {@code logDensity} and {@code logDensitySum}: a null value, a value
     * whose batch part does not broadcast, a wrong event (event families), and under strict
     * validation NaN, \(\pm\infty\) and the out-of-support value.
     */
    List<BadInput> cases() {
        List<BadInput> out = new ArrayList<>();
        long[] batch = dist.get().batchShape();
        long[] event = dist.get().eventShape();
        String valueShape = Shapes.str(valid.shape());
        for (boolean sum : new boolean[] {false, true}) {
            String m = label + (sum ? ": logDensitySum" : ": logDensity");
            out.add(BadInput.illegal(m + " of null", () -> score(null, sum), family, "null"));
            long[] wrong = Expansion.concat(new long[] {3}, event);
            Var wrongValue = Var.constant(Nd4j.valueArrayOf(wrong, valid.getDouble(0)));
            out.add(BadInput.illegal(m + " of shape " + Shapes.str(wrong), () -> score(wrongValue, sum),
                    family, Shapes.str(wrong), Shapes.str(batch)));
            if (event.length > 0) {
                long[] badEvent = event.clone();
                badEvent[badEvent.length - 1] += 1;
                long[] s = Expansion.concat(batch, badEvent);
                Var v = Var.constant(Nd4j.valueArrayOf(s, valid.getDouble(0)));
                out.add(BadInput.illegal(m + " of event " + Shapes.str(badEvent), () -> score(v, sum),
                        family, Shapes.str(s), Shapes.str(event)));
            }
            for (double x : new double[] {Double.NaN, Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY}) {
                Var v = validWith(x);
                out.add(BadInput.illegal(m + " strict, " + x + " at element 1", () -> strict(v, sum),
                        family, "element 1 ", Double.toString(x), valueShape));
            }
            if (outside != null) {
                List<String> f = new ArrayList<>(List.of(family, "outside the support", valueShape));
                f.addAll(outsideFragments);
                Var v = Var.constant(outside);
                out.add(new BadInput(m + " strict, outside the support", () -> strict(v, sum),
                        IllegalArgumentException.class, f));
            }
        }
        return out;
    }

    private void score(Var value, boolean sum) {
        Distribution<Var> d = dist.get();
        if (sum) {
            d.logDensitySum(value);
        } else {
            d.logDensity(value);
        }
    }

    private void strict(Var value, boolean sum) {
        try (Validation v = Validation.strict()) {
            score(value, sum);
        }
    }

    @Override
    public String toString() {
        return label;
    }
}

package dev.ppl.vi.predictive;

import dev.ppl.autodiff.Shapes;
import dev.ppl.autodiff.Var;
import dev.ppl.core.Address;
import dev.ppl.core.ChoiceMap;
import java.util.Arrays;
import java.util.Map;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Given posterior samples \(x^{(1)}, \dots, x^{(N)}\): a choice map whose every value has a leading
 * sample dim of the same size \(N\) (shape {@code [N, ...site shape]}). Checked on construction;
 * immutable.
 */
final class PosteriorSamples {
    private final ChoiceMap samples;
    private final long n;

    private PosteriorSamples(ChoiceMap samples, long n) {
        this.samples = samples;
        this.n = n;
    }

    /**
     * Checks {@code samples}: not empty, every value of rank at least 1, one leading size.
     *
     * @throws IllegalArgumentException naming every address and shape when the leading dims differ
     */
    static PosteriorSamples of(ChoiceMap samples) {
        return of(samples, "Predictive: the posterior samples");
    }

    /** As {@link #of(ChoiceMap)}, with messages starting with {@code what} (e.g. "PredictiveSummary: the draws"). */
    static PosteriorSamples of(ChoiceMap samples, String what) {
        if (samples == null || samples.isEmpty()) {
            throw new IllegalArgumentException(what + " are " + (samples == null ? "null" : "empty")
                    + "; give a choice map of the latent sites, each of shape [N, ...site shape]");
        }
        long n = -1;
        boolean same = true;
        StringBuilder all = new StringBuilder();
        for (Map.Entry<Address, Var> e : samples) {
            long[] s = e.getValue().shape();
            if (s.length == 0) {
                throw new IllegalArgumentException(what + " at '" + e.getKey()
                        + "' are a scalar (shape []); give shape [N, ...site shape] with the sample dim first");
            }
            same &= n < 0 || s[0] == n;
            n = n < 0 ? s[0] : n;
            all.append(all.length() == 0 ? "" : ", ").append(e.getKey()).append(' ').append(Shapes.str(s));
        }
        if (!same) {
            throw new IllegalArgumentException(what + " have inconsistent leading (sample) dims: "
                    + all + "; every site needs the same number of samples N first");
        }
        if (n < 1) {
            throw new IllegalArgumentException(what + " hold no sample (leading dim 0): " + all);
        }
        return new PosteriorSamples(samples, n);
    }

    /** The number of samples \(N\). */
    long count() {
        return n;
    }

    /** The samples as given. */
    ChoiceMap all() {
        return samples;
    }

    /**
     * Checks the samples against a model run: every address is a choice of the model, with the
     * model's site shape after the sample dim.
     *
     * @throws IllegalArgumentException naming the address, the shapes and the model's sites
     */
    void checkAgainst(SiteLayout model, String modelName) {
        for (Map.Entry<Address, Var> e : samples) {
            Address a = e.getKey();
            if (!model.has(a)) {
                throw new IllegalArgumentException("Predictive: the posterior samples hold '" + a + "', which model '" + modelName
                        + "' has no choice at; its choices: " + model.addresses());
            }
            long[] given = e.getValue().shape();
            long[] site = Arrays.copyOfRange(given, 1, given.length);
            if (!Arrays.equals(site, model.shape(a))) {
                throw new IllegalArgumentException("Predictive: the posterior samples at '" + a + "' have shape "
                        + Shapes.str(given) + " (one sample " + Shapes.str(site) + "), but model '" + modelName
                        + "' has shape " + Shapes.str(model.shape(a)) + " there; give shape " + withSampleDim(model.shape(a)));
            }
        }
    }

    /** {@code [N, ...shape]} for messages. */
    private static String withSampleDim(long[] shape) {
        StringBuilder b = new StringBuilder("[N");
        for (long d : shape) {
            b.append(", ").append(d);
        }
        return b.append(']').toString();
    }

    /** Sample {@code i}: every value without its sample dim. */
    ChoiceMap sample(long i) {
        ChoiceMap.Builder b = ChoiceMap.builder();
        for (Map.Entry<Address, Var> e : samples) {
            INDArray v = e.getValue().value();
            long[] shape = Arrays.copyOfRange(v.shape(), 1, v.rank());
            INDArray flat = v.reshape('c', new long[] {n, v.length() / n}).getRow(i).dup();
            b.put(e.getKey(), Var.constant(shape.length == 0 ? Nd4j.scalar(v.dataType(), flat.getDouble(0))
                    : flat.reshape('c', shape)));
        }
        return b.build();
    }

    /** Every sample in the layout of a particle plate on dim {@code -(depth + 1)} ({@link SiteLayout#particleShape}). */
    ChoiceMap inParticlePlate(SiteLayout model, int depth) {
        ChoiceMap.Builder b = ChoiceMap.builder();
        for (Map.Entry<Address, Var> e : samples) {
            b.put(e.getKey(), Var.constant(e.getValue().value().reshape('c', model.particleShape(e.getKey(), n, depth))));
        }
        return b.build();
    }
}

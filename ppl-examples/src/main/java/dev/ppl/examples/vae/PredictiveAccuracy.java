package dev.ppl.examples.vae;

import dev.ppl.core.ChoiceMap;
import dev.ppl.dist.Rng;
import dev.ppl.examples.data.Binarized;
import dev.ppl.examples.data.LabeledImages;
import dev.ppl.vi.objectives.VariationalProblem;
import dev.ppl.vi.predictive.Predictive;
import java.util.Arrays;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.indexing.NDArrayIndex;

/**
 * How well a {@link BernoulliVae}'s codes predict the labels it never saw: codes
 * \(z \sim q_\phi(z \mid x)\) drawn with {@link Predictive} ({@code S} draws per image, the
 * images binarized once with the key), each code \(c = \sum_l z_l 2^l\) labelled with the
 * majority label of the training draws that hit it (draws in sequence: the VAE's model stacks its
 * latents along a fixed dim and does not broadcast over a particle dim) (the overall majority label for a code no
 * training draw hit), and the <b>predictive accuracy</b> the fraction of test draws whose code's
 * label is the image's label:
 * \[ \mathrm{acc} = \frac{1}{S\,n} \sum_{s, i} \mathbb 1[\ell(c^{(s)}_i) = y_i]. \]
 * It is compared with the majority-class rate of the test set (what a code that carries no
 * information scores).
 */
public final class PredictiveAccuracy {
    private PredictiveAccuracy() {}

    /** The accuracy, the test set's majority-class rate, and how many codes the training draws hit. */
    public record Result(double accuracy, double majorityRate, int codesHit) {}

    /** The predictive accuracy of {@code vae} with {@code draws} draws per image, images in chunks of {@code chunk}. */
    public static Result of(BernoulliVae vae, LabeledImages train, LabeledImages test, int draws, int chunk, Rng key) {
        if (draws < 1 || chunk < 1) {
            throw new IllegalArgumentException("PredictiveAccuracy: draws and chunk must be positive, got " + draws + " and " + chunk);
        }
        int labels = 1 + Math.max(Arrays.stream(train.labels()).max().orElse(0), Arrays.stream(test.labels()).max().orElse(0));
        int[][] trainCodes = codes(vae, train.pixels(), draws, chunk, key.fold(1));
        int[][] testCodes = codes(vae, test.pixels(), draws, chunk, key.fold(2));
        int[] codeLabel = majorityLabels(trainCodes, train.labels(), 1 << vae.latent(), labels);
        int hit = 0;
        for (int c = 0; c < codeLabel.length; c++) {
            hit += seen(trainCodes, c) ? 1 : 0;
        }
        return new Result(accuracy(testCodes, test.labels(), codeLabel), majorityRate(test.labels(), labels), hit);
    }

    /** {@code [draws][n]} codes \(\sum_l z_l 2^l\), \(z \sim q(z \mid x)\), for the images (binarized with the key). */
    static int[][] codes(BernoulliVae vae, INDArray pixels, int draws, int chunk, Rng key) {
        int n = (int) pixels.size(0);
        INDArray x = Binarized.sample(pixels, key.fold(0));
        int[][] out = new int[draws][n];
        String[] sites = new String[vae.latent()];
        for (int l = 0; l < sites.length; l++) {
            sites[l] = "z" + l;
        }
        for (int from = 0; from < n; from += chunk) {
            int m = Math.min(chunk, n - from);
            INDArray part = x.get(NDArrayIndex.interval(from, from + m), NDArrayIndex.all()).dup('c');
            VariationalProblem<INDArray> p = vae.problem(m);
            ChoiceMap z = Predictive.fromGuide(p.model(), p.guide()).numSamples(draws).returnSites(sites)
                    .inSequence().sample(key.fold(1 + from), part);
            for (int l = 0; l < sites.length; l++) {
                INDArray bits = z.get(sites[l]).value().reshape(draws, m);
                for (int s = 0; s < draws; s++) {
                    for (int i = 0; i < m; i++) {
                        out[s][from + i] += (int) Math.round(bits.getDouble(s, i)) << l;
                    }
                }
            }
        }
        return out;
    }

    /** Each code's majority label among the draws that hit it (ties: the smaller label); unseen codes: the overall majority. */
    static int[] majorityLabels(int[][] codes, int[] labels, int numCodes, int numLabels) {
        int[][] counts = new int[numCodes][numLabels];
        int[] overall = new int[numLabels];
        for (int[] draw : codes) {
            for (int i = 0; i < draw.length; i++) {
                counts[draw[i]][labels[i]]++;
                overall[labels[i]]++;
            }
        }
        int fallback = argMax(overall);
        int[] out = new int[numCodes];
        for (int c = 0; c < numCodes; c++) {
            out[c] = Arrays.stream(counts[c]).sum() == 0 ? fallback : argMax(counts[c]);
        }
        return out;
    }

    /** The fraction of draws whose code's label is the image's. */
    static double accuracy(int[][] codes, int[] labels, int[] codeLabel) {
        long right = 0;
        long total = 0;
        for (int[] draw : codes) {
            for (int i = 0; i < draw.length; i++) {
                right += codeLabel[draw[i]] == labels[i] ? 1 : 0;
                total++;
            }
        }
        return (double) right / total;
    }

    static double majorityRate(int[] labels, int numLabels) {
        int[] counts = new int[numLabels];
        for (int y : labels) {
            counts[y]++;
        }
        return (double) counts[argMax(counts)] / labels.length;
    }

    private static boolean seen(int[][] codes, int c) {
        for (int[] draw : codes) {
            for (int v : draw) {
                if (v == c) {
                    return true;
                }
            }
        }
        return false;
    }

    private static int argMax(int[] v) {
        int best = 0;
        for (int i = 1; i < v.length; i++) {
            best = v[i] > v[best] ? i : best;
        }
        return best;
    }
}

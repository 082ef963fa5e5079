package dev.ppl.vi.tutorial;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ppl.autodiff.Var;
import dev.ppl.autodiff.nn.Init;
import dev.ppl.autodiff.nn.Params;
import dev.ppl.autodiff.optim.Adam;
import dev.ppl.core.ChoiceMap;
import dev.ppl.core.Gen;
import dev.ppl.core.GenerativeFunction;
import dev.ppl.core.Trace;
import dev.ppl.core.inference.ImportanceResult;
import dev.ppl.core.inference.ImportanceSampling;
import dev.ppl.dist.Rng;
import dev.ppl.dist.continuous.Normal;
import dev.ppl.vi.Expectation;
import dev.ppl.vi.GradientEstimate;
import dev.ppl.vi.train.Minibatch;
import dev.ppl.vi.train.Minibatches;
import dev.ppl.vi.train.Trainer;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Runs the snippets of docs/tutorial.md, and checks that every Java block of the tutorial appears
 * verbatim (up to indentation) in this file, so the documentation cannot drift from code that
 * compiles and runs. The model: data \(x_i \sim N(\mu, 1)\), \(i = 1..N\), prior \(\mu \sim N(0, 1)\);
 * exact posterior \(N(\sum x_i/(N+1), 1/(N+1))\) and evidence.
 */
class TutorialTest {
    static final INDArray DATA = Rng.of(7).normal(DataType.DOUBLE, 200).addi(1.5);

    @Test
    void theTutorialRunsAndReachesTheExactPosterior() {
        INDArray data = DATA;
        // snippet: model
        GenerativeFunction<INDArray, Var> model = Gen.fn("model", (ctx, xs) -> {
            Var mu = ctx.sample("mu", Normal.of(0.0, 1.0));
            Var n = Var.constant(Nd4j.ones(DataType.DOUBLE, xs.length()));
            return ctx.sample("x", Normal.of(mu.mul(n), n));           // one site, N elements
        });
        Trace<INDArray, Var> t = model.simulate(Rng.of(1), data);     // a draw from the prior
        System.out.println(t.choices().get("mu") + " " + t.score());   // its choices, log p(mu, x)
        // end snippet

        // snippet: condition
        ChoiceMap observed = ChoiceMap.of("x", data);
        ImportanceResult<INDArray, Var> is = ImportanceSampling.withPrior(Rng.of(2), model, data, observed, 1000);
        double logEvidence = is.logMarginalLikelihood();               // estimate of log p(x)
        // end snippet

        // snippet: guide
        Params.Builder b = Params.builder(DataType.DOUBLE, 3);
        b.add("m", Init.constant(0.0));
        b.add("s", Init.constant(0.0));
        Params params = b.build();
        Var m = params.get("m"), s = params.get("s");
        GenerativeFunction<INDArray, Var> guide = Gen.fn("guide", params.vars(),
                (ctx, xs) -> ctx.sample("mu", Normal.of(m, s.exp())));
        // end snippet

        // snippet: objective
        Expectation<INDArray> elbo = Expectation.of((ctx, xs) -> {
            Trace<INDArray, ?> q = ctx.simulate(guide, xs);
            Var logP = ctx.density(model, q.choices().merge(ChoiceMap.of("x", xs)), xs);
            return logP.sub(q.score());                                 // log p(mu, x) - log q(mu)
        });
        double value = elbo.estimate(Rng.of(4), data);                   // unbiased for the ELBO
        GradientEstimate g = elbo.gradEstimate(Rng.of(4), data, params.vars());
        System.out.println(value + " " + g.gradients().get(m));
        // end snippet

        // snippet: train
        Expectation<Minibatch> minibatchElbo = Expectation.of((ctx, batch) -> {
            Trace<INDArray, ?> q = ctx.simulate(guide, batch.rows());
            Var prior = Normal.of(0.0, 1.0).logDensity(q.choices().get("mu"));
            Var lik = Normal.of(q.choices().get("mu"), Var.constant(Nd4j.scalar(1.0)))
                    .logDensity(Var.constant(batch.rows())).sum().mul(batch.scale()); // N/m scaling
            return prior.add(lik).sub(q.score());
        });
        Trainer.builder(minibatchElbo, new Minibatches(data, 20, 5), params, new Adam(0.02))
                .seed(6).steps(1500).build().train();
        System.out.println("posterior " + m.item() + " +- " + Math.exp(s.item()));
        // end snippet

        int n = (int) data.length();
        double postMean = data.sumNumber().doubleValue() / (n + 1), postSd = 1 / Math.sqrt(n + 1);
        assertEquals(postMean, m.item(), 3 * postSd, "posterior mean");
        assertEquals(postSd, Math.exp(s.item()), 0.5 * postSd, "posterior sd");
        double exactEvidence = exactLogEvidence(data);
        assertEquals(exactEvidence, logEvidence, 0.5, "importance-sampling estimate of log p(x)");
        assertTrue(value < exactEvidence, "the ELBO is below log p(x)");
    }

    /** \(\log N(x; 0, I + 11^\top)\) by the matrix determinant lemma and Sherman-Morrison. */
    static double exactLogEvidence(INDArray x) {
        int n = (int) x.length();
        double sum = x.sumNumber().doubleValue(), sumSq = x.mul(x).sumNumber().doubleValue();
        double quad = sumSq - sum * sum / (n + 1);
        return -0.5 * (n * Math.log(2 * Math.PI) + Math.log(n + 1) + quad);
    }

    @Test
    void everyJavaBlockOfTheTutorialIsCodeOfThisTest() throws IOException {
        String doc = Files.readString(Path.of("..", "docs", "tutorial.md"));
        String source = normalize(Files.readString(Path.of("src", "test", "java", "dev", "ppl", "vi", "tutorial", "TutorialTest.java")));
        Matcher blocks = Pattern.compile("```java\\n(.*?)```", Pattern.DOTALL).matcher(doc);
        List<String> found = new ArrayList<>();
        while (blocks.find()) {
            found.add(blocks.group(1));
            assertTrue(source.contains(normalize(blocks.group(1))), "tutorial block not in TutorialTest:\n" + blocks.group(1));
        }
        assertEquals(5, found.size(), "the tutorial's five steps");
    }

    /** Each line trimmed, blank lines dropped. */
    static String normalize(String text) {
        StringBuilder sb = new StringBuilder();
        for (String line : text.split("\n")) {
            String t = line.strip();
            if (!t.isEmpty()) {
                sb.append(t).append('\n');
            }
        }
        return sb.toString();
    }
}

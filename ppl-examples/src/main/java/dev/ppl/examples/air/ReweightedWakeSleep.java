package dev.ppl.examples.air;

import dev.ppl.autodiff.Var;
import dev.ppl.core.Trace;
import dev.ppl.core.plate.Frame;
import dev.ppl.core.plate.Plate;
import dev.ppl.vi.Expectation;
import dev.ppl.vi.objectives.VariationalProblem;
import dev.ppl.vi.strategy.Strategies;

/**
 * Reweighted wake-sleep (Bornschein and Bengio 2015; Le et al. 2019) per data point, written as
 * an ordinary objective program with the public API. With \(K\) guide draws per image
 * \(z_{ik} \sim q_\phi(\cdot \mid x_i)\) taken as fixed samples ({@link Strategies#SAMPLE_ONLY}:
 * no pathwise or score-function gradient through them), log weights
 * \(\log w_{ik} = \log p_\theta(x_i, z_{ik}) - \log q_\phi(z_{ik} \mid x_i)\) and normalized weights
 * \(\bar w_{ik} = w_{ik} / \sum_j w_{ij}\) held constant, it returns per image
 * \[ \sum_k \bar w_{ik}\,\big(\log p_\theta(x_i, z_{ik}) + \log q_\phi(z_{ik} \mid x_i)\big), \]
 * whose gradient is the wake-\(\theta\) update \(\sum_k \bar w_{ik} \nabla_\theta \log p_\theta(x_i, z_{ik})\)
 * (the model gradient of the IWELBO) plus the wake-\(\phi\) update
 * \(\sum_k \bar w_{ik} \nabla_\phi \log q_\phi(z_{ik} \mid x_i)\) (tending to
 * \(-\nabla_\phi \mathrm{KL}(p(z \mid x_i) \,\|\, q_\phi)\) as \(K\) grows). Its value is not a bound.
 * Discrete choices need no gradient estimator at all, which is RWS's appeal for AIR.
 */
public final class ReweightedWakeSleep {
    private ReweightedWakeSleep() {}

    /**
     * The RWS objective of {@code problem} (a model and guide that are plates over a minibatch)
     * with {@code k} particles, each simulated in a namespace of its own whose choices are drawn
     * {@link Strategies#SAMPLE_ONLY}.
     */
    public static <A> Expectation<A> objective(VariationalProblem<A> problem, int k) {
        if (k < 1) {
            throw new IllegalArgumentException("RWS: need at least 1 particle, got " + k);
        }
        Expectation<A> e = Expectation.of((ctx, args) -> {
            Var[] logP = new Var[k];
            Var[] logQ = new Var[k];
            Frame plate = null;
            for (int i = 0; i < k; i++) {
                Trace<A, ?> q = ctx.simulate(namespace(i), problem.guide(), args);
                Frame f = Plate.frame(q);
                if (plate != null && !plate.equals(f)) {
                    throw new IllegalArgumentException("RWS: the guide's simulations are in different plates, " + plate + " and " + f);
                }
                plate = f;
                Trace<A, ?> joint = ctx.generate(null, problem.model(), q.choices().merge(problem.observations().apply(args)), args)
                        .trace();
                logP[i] = Plate.elementScores(joint);
                logQ[i] = Plate.elementScores(q).cast(logP[i].dtype());
            }
            Var lp = Var.stack(0, logP), lq = Var.stack(0, logQ);
            Var weights = lp.sub(lq).softmax(0).stopGradient();
            Var perPoint = weights.mul(lp.add(lq)).sum(false, 0);
            Frame f = plate;
            ctx.plate(f.name(), f.size(), () -> {
                ctx.addCost(perPoint);
                return null;
            });
            return Var.scalar(0.0, perPoint.dtype());
        });
        for (int i = 0; i < k; i++) {
            e = e.withStrategy(namespace(i), Strategies.SAMPLE_ONLY);
        }
        return e;
    }

    private static String namespace(int i) {
        return "rws" + i;
    }
}

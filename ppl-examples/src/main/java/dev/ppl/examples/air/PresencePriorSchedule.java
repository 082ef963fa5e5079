package dev.ppl.examples.air;

/**
 * The prior probability \(\rho\) of one more object as a function of the training step \(s\):
 * fixed, or annealed geometrically from \(\rho_0\) to \(\rho_1\) over \(S\) steps,
 * \[ \rho(s) = \rho_0 \left(\rho_1 / \rho_0\right)^{\min(s / S,\ 1)}, \]
 * then held at \(\rho_1\). AIR's authors and Pyro's example anneal a permissive prior (say 0.5)
 * towards a sparse one (0.01 or less): early on the model may explain the scene with many
 * objects, later every extra object costs \(\log(1/\rho)\) nats. A pure function of the step, so
 * a resumed run sees the same prior at the same step.
 */
public record PresencePriorSchedule(double start, double end, long steps) {
    /**
     * @throws IllegalArgumentException naming the value if a probability is outside (0, 1) or
     *     {@code steps} is negative
     */
    public PresencePriorSchedule {
        check("start", start);
        check("end", end);
        if (steps < 0) {
            throw new IllegalArgumentException("presence prior schedule: steps must be >= 0, got " + steps);
        }
    }

    /** The constant prior {@code rho}. */
    public static PresencePriorSchedule fixed(double rho) {
        return new PresencePriorSchedule(rho, rho, 0);
    }

    /** Whether the prior changes with the step. */
    public boolean anneals() {
        return steps > 0 && start != end;
    }

    /** \(\rho(s)\) for the 0-based training step {@code step}. */
    public double at(long step) {
        if (step < 0) {
            throw new IllegalArgumentException("presence prior schedule: step must be >= 0, got " + step);
        }
        if (steps == 0 || step >= steps) {
            return end;
        }
        return start * Math.pow(end / start, (double) step / steps);
    }

    private static void check(String name, double p) {
        if (!(p > 0 && p < 1)) {
            throw new IllegalArgumentException("presence prior schedule: " + name + " must be in (0, 1), got " + p);
        }
    }
}

package dev.ppl.examples.vae;

import dev.ppl.vi.Expectation;
import dev.ppl.vi.objectives.Objectives;
import dev.ppl.vi.objectives.PerDataPoint;
import dev.ppl.vi.objectives.VariationalProblem;

/**
 * A training objective named on the command line:
 * <ul>
 *   <li>{@code elbo}: the library's {@link Objectives#elbo} (the minibatch ELBO, a sum over images);</li>
 *   <li>{@code iwelbo:K}: the importance-weighted bound with \(K \ge 1\) particles per image
 *       ({@link PerDataPoint#iwelbo});</li>
 *   <li>{@code renyi:ALPHA:K}: the Rényi bound, \(\alpha \ne 1\) ({@link PerDataPoint#renyi}).</li>
 * </ul>
 *
 * @param kind {@code elbo}, {@code iwelbo} or {@code renyi}
 * @param particles \(K\) (1 for the ELBO)
 * @param alpha \(\alpha\) for {@code renyi}, else 0
 */
public record ObjectiveSpec(String kind, int particles, double alpha) {
    /** The accepted forms, for messages and help. */
    public static final String FORMS = "elbo, iwelbo:K, renyi:ALPHA:K";

    /**
     * Parses {@code text}.
     *
     * @throws IllegalArgumentException naming the text and the accepted forms if it is not one of them
     */
    public static ObjectiveSpec parse(String text) {
        String[] parts = text.trim().split(":", -1);
        switch (parts[0]) {
            case "elbo":
                if (parts.length != 1) {
                    throw bad(text, "'elbo' takes no parameters");
                }
                return new ObjectiveSpec("elbo", 1, 0);
            case "iwelbo":
                if (parts.length != 2) {
                    throw bad(text, "write iwelbo:K with K the number of particles, e.g. iwelbo:5");
                }
                return new ObjectiveSpec("iwelbo", particles(text, parts[1]), 0);
            case "renyi":
                if (parts.length != 3) {
                    throw bad(text, "write renyi:ALPHA:K, e.g. renyi:0.5:5");
                }
                double a;
                try {
                    a = Double.parseDouble(parts[1]);
                } catch (NumberFormatException e) {
                    throw bad(text, "ALPHA '" + parts[1] + "' is not a number");
                }
                if (a == 1.0 || !Double.isFinite(a)) {
                    throw bad(text, "ALPHA must be finite and not 1 (alpha = 1 is the ELBO)");
                }
                return new ObjectiveSpec("renyi", particles(text, parts[2]), a);
            default:
                throw bad(text, "unknown objective '" + parts[0] + "'");
        }
    }

    /** The objective program for {@code problem}. */
    public <A> Expectation<A> build(VariationalProblem<A> problem) {
        switch (kind) {
            case "elbo":
                return Objectives.elbo(problem);
            case "iwelbo":
                return PerDataPoint.iwelbo(problem, particles);
            default:
                return PerDataPoint.renyi(problem, alpha, particles);
        }
    }

    /** A short label such as {@code ELBO}, {@code IWELBO(5)} or {@code Renyi(0.5, 5)}. */
    public String label() {
        switch (kind) {
            case "elbo":
                return "ELBO";
            case "iwelbo":
                return "IWELBO(" + particles + ")";
            default:
                return "Renyi(" + alpha + ", " + particles + ")";
        }
    }

    private static int particles(String text, String k) {
        int v;
        try {
            v = Integer.parseInt(k);
        } catch (NumberFormatException e) {
            throw bad(text, "K '" + k + "' is not an integer");
        }
        if (v < 1) {
            throw bad(text, "K must be at least 1, got " + v);
        }
        return v;
    }

    private static IllegalArgumentException bad(String text, String why) {
        return new IllegalArgumentException("invalid objective '" + text + "': " + why + " (accepted: " + FORMS + ")");
    }
}

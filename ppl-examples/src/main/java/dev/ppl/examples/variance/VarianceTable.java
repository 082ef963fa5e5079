package dev.ppl.examples.variance;

import java.util.List;
import java.util.Locale;

/**
 * Formats measured {@link Row}s as a Markdown table, relative columns against a reference row
 * (plain REINFORCE, the first): variance ratio and cost ratio (variance x time), below 1 meaning
 * better. Biased estimators are marked in the bias column. No cell contains a {@code |}.
 */
public final class VarianceTable {
    private VarianceTable() {}

    /** The header: column names and the separator line. */
    public static String header() {
        return "| estimator | bias norm (SE norm) | max z | var phi,psi | var all | ms/estimate"
                + " | var x ms | var vs REINFORCE | var x ms vs REINFORCE |\n"
                + "| --- | --- | --- | --- | --- | --- | --- | --- | --- |\n";
    }

    /** One line for {@code r}, relative to {@code ref}. */
    public static String line(Row r, Row ref) {
        String verdict = r.withinFourStandardErrors() ? "" : r.unbiased() ? " **exceeds 4 SE**" : " **biased**";
        if (!r.unbiased() && r.withinFourStandardErrors()) {
            verdict = " biased (not resolved at this n)";
        }
        return String.format(Locale.ROOT, "| %s | %.3f (%.3f)%s | %.1f | %.4g | %.4g | %.2f | %.4g | %.3g | %.3g |%n",
                r.name(), r.biasNorm(), r.noiseNorm(), verdict, r.maxZ(), r.discreteVariance(), r.allVariance(),
                r.millis(), r.cost(), r.discreteVariance() / ref.discreteVariance(), r.cost() / ref.cost());
    }

    /** The whole table, header first, relative to the first row. */
    public static String format(List<Row> rows) {
        StringBuilder s = new StringBuilder(header());
        for (Row r : rows) {
            s.append(line(r, rows.get(0)));
        }
        return s.toString();
    }
}

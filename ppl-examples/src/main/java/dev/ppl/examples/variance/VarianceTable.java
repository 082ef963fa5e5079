package dev.ppl.examples.variance;

import java.util.List;
import java.util.Locale;

/**
 * Formats measured {@link Row}s as a Markdown table, relative columns against the first row
 * (plain REINFORCE): variance ratio and cost ratio (variance x time), below 1 meaning better.
 * Biased estimators are marked in the {@code bias} column.
 */
public final class VarianceTable {
    private VarianceTable() {}

    /** The table, one line per row, header first. */
    public static String format(List<Row> rows) {
        Row ref = rows.get(0);
        StringBuilder s = new StringBuilder();
        s.append("| estimator | bias: |mean - exact| (SE) | max |z| | var phi,psi | var all | ms/estimate"
                + " | var x ms | var vs REINFORCE | var x ms vs REINFORCE |\n");
        s.append("| --- | --- | --- | --- | --- | --- | --- | --- | --- |\n");
        for (Row r : rows) {
            String verdict = r.withinFourStandardErrors() ? "" : r.unbiased() ? " **exceeds 4 SE**" : " **biased**";
            if (!r.unbiased() && r.withinFourStandardErrors()) {
                verdict = " biased (not resolved at this n)";
            }
            s.append(String.format(Locale.ROOT, "| %s | %.3f (%.3f)%s | %.1f | %.4g | %.4g | %.2f | %.4g | %.3g | %.3g |%n",
                    r.name(), r.biasNorm(), r.noiseNorm(), verdict, r.maxZ(), r.discreteVariance(), r.allVariance(),
                    r.millis(), r.cost(), r.discreteVariance() / ref.discreteVariance(), r.cost() / ref.cost()));
        }
        return s.toString();
    }
}

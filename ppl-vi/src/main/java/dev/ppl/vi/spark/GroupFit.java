package dev.ppl.vi.spark;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * One group's fitted variational problem, as read back from a row of {@link GroupFits#fit}'s
 * Dataset ({@link GroupFits#fromRow}): the group's key, its number of records, the fitted
 * parameters by name (flattened, row-major), the final bound estimate \(\hat L\) and its standard
 * error. Immutable.
 *
 * @param group the group key
 * @param records the group's number of records
 * @param parameters the fitted parameter values by name
 * @param bound the mean of the final bound estimates
 * @param boundStdError the standard error of {@code bound}
 */
public record GroupFit(String group, long records, Map<String, double[]> parameters, double bound, double boundStdError) {
    /** Copies the parameter map (the arrays are the caller's to keep unchanged). */
    public GroupFit {
        parameters = Collections.unmodifiableMap(new LinkedHashMap<>(parameters));
    }

    /** The fitted values of parameter {@code name}. */
    public double[] parameter(String name) {
        double[] v = parameters.get(name);
        if (v == null) {
            throw new IllegalArgumentException("GroupFit of group '" + group + "': unknown parameter '" + name
                    + "'; known: " + parameters.keySet());
        }
        return v.clone();
    }
}

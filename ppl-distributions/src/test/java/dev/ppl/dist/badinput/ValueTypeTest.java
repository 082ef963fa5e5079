package dev.ppl.dist.badinput;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ppl.autodiff.Var;
import dev.ppl.dist.Distribution;
import dev.ppl.dist.continuous.Beta;
import dev.ppl.dist.continuous.Cauchy;
import dev.ppl.dist.continuous.DiagonalNormal;
import dev.ppl.dist.continuous.Dirichlet;
import dev.ppl.dist.continuous.Exponential;
import dev.ppl.dist.continuous.Gamma;
import dev.ppl.dist.continuous.Laplace;
import dev.ppl.dist.continuous.LogNormal;
import dev.ppl.dist.continuous.MultivariateNormal;
import dev.ppl.dist.continuous.Normal;
import dev.ppl.dist.continuous.StudentT;
import dev.ppl.dist.continuous.Uniform;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.factory.Nd4j;

/**
 * A value of another floating-point type than the parameters (a float32 value for float64
 * parameters) is refused by the family, naming it, the value's type and shape and the
 * parameters' type, instead of by an op deep inside the density.
 */
class ValueTypeTest {
    private static Var doubles(double... v) {
        return Var.constant(Nd4j.createFromArray(v));
    }

    @Test
    void aValueOfAnotherTypeIsRefusedByTheFamilyNamingBothTypes() {
        Map<String, Distribution<Var>> families = Map.ofEntries(
                Map.entry("Normal", Normal.of(doubles(0.0, 1.0), doubles(1.0, 2.0))),
                Map.entry("Gamma", Gamma.of(doubles(2.0, 3.0), doubles(1.0, 1.0))),
                Map.entry("Exponential", Exponential.of(doubles(1.0, 2.0))),
                Map.entry("LogNormal", LogNormal.of(doubles(0.0, 0.0), doubles(1.0, 1.0))),
                Map.entry("Uniform", Uniform.of(doubles(0.0, 0.0), doubles(1.0, 2.0))),
                Map.entry("StudentT", StudentT.of(doubles(3.0, 3.0), doubles(0.0, 0.0), doubles(1.0, 1.0))),
                Map.entry("Cauchy", Cauchy.of(doubles(0.0, 0.0), doubles(1.0, 1.0))),
                Map.entry("Beta", Beta.of(doubles(2.0, 2.0), doubles(3.0, 3.0))),
                Map.entry("Laplace", Laplace.of(doubles(0.0, 0.0), doubles(1.0, 1.0))),
                Map.entry("DiagonalNormal", DiagonalNormal.of(doubles(0.0, 0.0), doubles(1.0, 1.0))),
                Map.entry("MultivariateNormal", MultivariateNormal.of(doubles(0.0, 0.0), Var.constant(Nd4j.eye(2).castTo(DataType.DOUBLE)))),
                Map.entry("Dirichlet", Dirichlet.of(doubles(1.0, 2.0))));
        for (Map.Entry<String, Distribution<Var>> e : families.entrySet()) {
            Var value = Var.constant(Nd4j.createFromArray(0.3f, 0.7f));
            IllegalArgumentException ex = assertThrows(IllegalArgumentException.class, () -> e.getValue().logDensity(value),
                    e.getKey());
            String m = ex.getMessage();
            assertTrue(m.startsWith(e.getKey() + ".logDensity") && m.contains("FLOAT[2]") && m.contains("DOUBLE"), m);
            // the same value cast to the parameters' type is accepted
            e.getValue().logDensity(value.cast(DataType.DOUBLE));
        }
    }
}

package dev.ppl.autodiff;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.nd4j.linalg.factory.Nd4j;

class ProvenanceTest {
    @Test
    void unionIsASortedSetAndReusesOperandsThatAlreadyHoldTheOther() {
        Provenance a = Provenance.fresh(), b = Provenance.fresh(), c = Provenance.fresh();
        Provenance ab = a.union(b), abc = ab.union(c);
        assertEquals(2, ab.size());
        assertEquals(abc, c.union(b).union(a));
        assertSame(abc, abc.union(b));
        assertSame(ab, Provenance.NONE.union(ab));
        assertTrue(abc.containsAll(ab) && !ab.containsAll(abc));
        assertTrue(ab.intersects(b.union(c)) && !a.intersects(c));
        assertTrue(Provenance.NONE.isEmpty());
    }

    @Test
    void opsPropagateTheUnionOfTheirOperandsWithOrWithoutGradients() {
        Provenance s1 = Provenance.fresh(), s2 = Provenance.fresh();
        Var x = Var.constant(Nd4j.scalar(2.0)).withProvenance(s1);
        Var y = Var.constant(Nd4j.scalar(3.0)).withProvenance(s2);
        Var p = Var.param(Nd4j.scalar(0.5));
        assertEquals(s1.union(s2), x.mul(y).exp().provenance(), "constants only: no graph, provenance kept");
        assertEquals(s1, x.mul(p).sum().provenance());
        assertTrue(Var.stack(0, x, p, y).logSumExp(false, 0).provenance().containsAll(s1.union(s2)));
        assertEquals(s1, x.mul(p).stopGradient().provenance(), "stopGradient cuts gradients, not provenance");
        assertEquals(Provenance.NONE, p.square().provenance());
        assertEquals(Provenance.NONE, Var.constant(x.value()).provenance(), "a value re-wrapped from its array is untagged");
    }

    @Test
    void taggingKeepsValuesAndGradients() {
        Var p = Var.param(Nd4j.scalar(1.5));
        Provenance s = Provenance.fresh();
        Var tagged = p.mul(p).withProvenance(s);
        assertEquals(2.25, tagged.item());
        assertEquals(s, tagged.provenance());
        assertEquals(3.0, Grad.grad(tagged.mul(1.0), java.util.List.of(p)).get(p).getDouble(0), 1e-15);
        assertSame(tagged, tagged.withProvenance(s));
        assertFalse(Var.constant(Nd4j.scalar(1.0)).withProvenance(s).requiresGrad());
    }
}

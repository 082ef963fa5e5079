package dev.ppl.autodiff.ops;

import dev.ppl.autodiff.Shapes;
import dev.ppl.autodiff.Var;

/** Argument checks shared by ops; every message names the op and the shapes involved. */
final class Checks {
    private Checks() {}

    /** Same data type and broadcastable shapes; returns the broadcast shape. */
    static long[] binary(String op, Var a, Var b) {
        sameType(op, a, b);
        return Shapes.broadcast(op, a.value().shape(), b.value().shape());
    }

    static void sameType(String op, Var a, Var b) {
        if (a.dtype() != b.dtype()) {
            throw new IllegalArgumentException(op + ": data types differ: " + a.dtype() + Shapes.str(a.shape())
                    + " vs " + b.dtype() + Shapes.str(b.shape()) + "; cast one operand explicitly with Var.cast");
        }
    }

    static void floating(String op, Var a) {
        if (!a.value().isR()) {
            throw new IllegalArgumentException(op + ": needs a floating-point input, got " + a.dtype()
                    + Shapes.str(a.shape()) + "; cast it with Var.cast");
        }
    }
}

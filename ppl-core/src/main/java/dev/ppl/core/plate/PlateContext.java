package dev.ppl.core.plate;

import dev.ppl.autodiff.Shapes;
import dev.ppl.autodiff.Var;
import dev.ppl.core.GenContext;
import dev.ppl.core.GenerativeFunction;
import dev.ppl.dist.Distribution;

/** The context a plate's body sees: every distribution wrapped as a {@link ScaledSite}. */
final class PlateContext implements GenContext {
    private final String plate;
    private final GenContext inner;
    private final long n;
    private final double scale;

    PlateContext(String plate, GenContext inner, long n, double scale) {
        this.plate = plate;
        this.inner = inner;
        this.n = n;
        this.scale = scale;
    }

    @Override
    public Var sample(String address, Distribution<Var> dist) {
        long[] batch = dist.batchShape();
        if (batch.length == 0 || batch[0] != n) {
            throw new IllegalArgumentException("Plate '" + plate + "': site '" + address + "' has batch shape "
                    + Shapes.str(batch) + "; a plate of " + n + " needs a leading batch axis of size " + n);
        }
        return inner.sample(address, scale == 1.0 ? dist : new ScaledSite(dist, scale));
    }

    @Override
    public <A, R> R call(String address, GenerativeFunction<A, R> fn, A args) {
        return inner.call(address, fn, args);
    }
}

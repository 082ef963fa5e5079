package dev.ppl.vi.engine;

import dev.ppl.autodiff.Shapes;
import dev.ppl.autodiff.Var;
import dev.ppl.core.Address;
import dev.ppl.dist.Distribution;
import dev.ppl.vi.strategy.ChoiceShape;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * The engine's {@link ChoiceShape} of one choice: its value has shape {@code batch ++ event}; the
 * joint dims are the batch dims no plate owns ({@code jointBatchDims}, negative, counted from the
 * right of the batch shape) and the event dims.
 */
final class JointChoiceShape implements ChoiceShape {
    private final Address address;
    private final String family;
    private final long[] batch;
    private final long[] event;
    private final List<Integer> jointBatchDims;

    JointChoiceShape(Address address, String family, long[] batch, long[] event, List<Integer> jointBatchDims) {
        this.address = address;
        this.family = family;
        this.batch = batch.clone();
        this.event = event.clone();
        this.jointBatchDims = List.copyOf(jointBatchDims);
    }

    private long[] jointDims(boolean withEvent) {
        List<Long> dims = new ArrayList<>();
        for (int i = 0; i < batch.length; i++) {
            if (jointBatchDims.contains(i - batch.length)) {
                dims.add(batch[i]);
            }
        }
        if (withEvent) {
            for (long e : event) {
                dims.add(e);
            }
        }
        return dims.stream().mapToLong(Long::longValue).toArray();
    }

    private static long product(long[] dims) {
        long n = 1;
        for (long d : dims) {
            n *= d;
        }
        return n;
    }

    @Override
    public int coordinates() {
        return (int) Math.min(Integer.MAX_VALUE, product(jointDims(true)));
    }

    @Override
    public void requireCoordinatesAtMost(String rule, int cap) {
        long n = product(jointDims(true));
        if (n > cap) {
            throw new IllegalArgumentException("objective: " + rule + " at '" + address + "' (" + family + ", batch shape "
                    + Shapes.str(batch) + ", event shape " + Shapes.str(event) + "): the choice is one joint value of " + n
                    + " coordinates (joint dims " + Shapes.str(jointDims(true)) + "), more than the " + cap + " that " + rule
                    + " couples one at a time; declare independent dims as a plate, or use REINFORCE");
        }
    }

    /** A 0/1 mask of rank {@code batch + event} selecting flat joint coordinate {@code j}; joint event dims only if {@code withEvent}. */
    private INDArray maskArray(int j, boolean withEvent, org.nd4j.linalg.api.buffer.DataType dtype) {
        int rank = batch.length + event.length;
        long[] shape = new long[rank];
        Arrays.fill(shape, 1);
        List<Integer> axes = new ArrayList<>();
        for (int i = 0; i < batch.length; i++) {
            if (jointBatchDims.contains(i - batch.length)) {
                shape[i] = batch[i];
                axes.add(i);
            }
        }
        if (withEvent) {
            for (int i = 0; i < event.length; i++) {
                shape[batch.length + i] = event[i];
                axes.add(batch.length + i);
            }
        }
        INDArray m = Nd4j.zeros(dtype, shape);
        long[] index = new long[rank];
        long rest = j;
        for (int a = axes.size() - 1; a >= 0; a--) {
            int axis = axes.get(a);
            index[axis] = rest % shape[axis];
            rest /= shape[axis];
        }
        m.putScalar(index, 1.0);
        return m;
    }

    @Override
    public Var mask(int j, Var like) {
        return Var.constant(maskArray(j, true, like.dtype()));
    }

    @Override
    public Var perElementOfValue(Var x) {
        Var out = x;
        if (event.length > 0) {
            int[] axes = new int[event.length];
            for (int i = 0; i < event.length; i++) {
                axes[i] = x.rank() - event.length + i;
            }
            out = x.sum(false, axes);
        }
        return perElementOfBatch(out);
    }

    @Override
    public Var perElementOfBatch(Var x) {
        Var out = x;
        for (int pos : jointBatchDims) {
            out = Layout.sumAt(out, pos);
        }
        return out;
    }

    @Override
    public List<Var> jointSupport(Distribution<Var> dist, long cap) {
        Var support = dist.support();
        long k = support.shape()[0];
        long m = product(jointDims(false));
        double count = Math.pow(k, m);
        if (count > cap) {
            throw new IllegalArgumentException("objective: enumerating the choice at '" + address + "' (" + family
                    + ", batch shape " + Shapes.str(batch) + ") means its joint support over the dims "
                    + Shapes.str(jointDims(false)) + " that no plate owns: " + k + "^" + m + " = "
                    + String.format("%.4g", count) + " values, more than the cap of " + cap
                    + "; declare independent dims as a plate, or use REINFORCE or MVD");
        }
        List<Var> slices = new ArrayList<>();
        for (long v = 0; v < k; v++) {
            slices.add(support.slice(0, v, v + 1).squeeze(0));
        }
        List<Var> values = new ArrayList<>();
        for (long c = 0; c < (long) count; c++) {
            if (m == 1 && jointBatchDims.isEmpty()) {
                values.add(slices.get((int) c));
                continue;
            }
            Var value = null;
            long rest = c;
            for (long j = m - 1; j >= 0; j--) {
                Var part = slices.get((int) (rest % k)).mul(Var.constant(maskArray((int) j, false, support.dtype())));
                rest /= k;
                value = value == null ? part : value.add(part);
            }
            values.add(value.stopGradient());
        }
        return values;
    }
}

package dev.ppl.autodiff.nn;

import dev.ppl.autodiff.Var;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * A multilayer perceptron \(f = L_n \circ \sigma \circ L_{n-1} \circ \dots \circ \sigma \circ L_1\):
 * {@link Linear} layers of the given widths, the hidden activation between them and an output
 * activation (often {@link Activation#IDENTITY}) after the last. Layers are registered as
 * {@code <name>/0}, {@code <name>/1}, ...
 */
public final class Mlp {
    private final List<Linear> layers;
    private final Activation hidden;
    private final Activation output;

    private Mlp(List<Linear> layers, Activation hidden, Activation output) {
        this.layers = Collections.unmodifiableList(layers);
        this.hidden = hidden;
        this.output = output;
    }

    /**
     * Registers an MLP with {@code widths = [in, h1, ..., out]}; weights are He-normal for ReLU-like
     * hidden activations and Xavier-uniform otherwise; biases are zero.
     */
    public static Mlp create(Params.Builder params, String name, int[] widths, Activation hidden, Activation output) {
        if (widths.length < 2) {
            throw new IllegalArgumentException("Mlp '" + name + "': needs at least input and output widths, got "
                    + java.util.Arrays.toString(widths));
        }
        Init init = hidden == Activation.RELU || hidden == Activation.LEAKY_RELU ? Init.heNormal() : Init.xavierUniform();
        List<Linear> layers = new ArrayList<>();
        for (int i = 0; i + 1 < widths.length; i++) {
            layers.add(Linear.create(params, name + "/" + i, widths[i], widths[i + 1], init));
        }
        return new Mlp(layers, hidden, output);
    }

    /** Applies the network to {@code x} of shape {@code [..., in]}. */
    public Var apply(Params params, Var x) {
        Var h = x;
        for (int i = 0; i < layers.size(); i++) {
            h = layers.get(i).apply(params, h);
            h = i + 1 < layers.size() ? hidden.apply(h) : output.apply(h);
        }
        return h;
    }

    /** The layers, first to last. */
    public List<Linear> layers() { return layers; }
}

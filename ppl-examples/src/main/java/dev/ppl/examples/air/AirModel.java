package dev.ppl.examples.air;

import dev.ppl.autodiff.Var;
import dev.ppl.autodiff.nn.Activation;
import dev.ppl.autodiff.nn.AttentionWindow;
import dev.ppl.autodiff.nn.Init;
import dev.ppl.autodiff.nn.Linear;
import dev.ppl.autodiff.nn.LstmCell;
import dev.ppl.autodiff.nn.Mlp;
import dev.ppl.autodiff.nn.Params;
import dev.ppl.core.ChoiceMap;
import dev.ppl.core.GenerativeFunction;
import dev.ppl.core.Selection;
import dev.ppl.core.plate.Plate;
import dev.ppl.dist.Distribution;
import dev.ppl.dist.continuous.Normal;
import dev.ppl.dist.discrete.Bernoulli;
import dev.ppl.vi.objectives.VariationalProblem;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Attend-Infer-Repeat (Eslami et al. 2016) for images of \(D \times D\) pixels, written with the
 * public modeling API: a plate over the minibatch, the \(T\) steps as ordinary Java control flow.
 *
 * <p><b>Model</b>, per image, for \(t = 0..T-1\) with \(e_{-1} = 1\) (the step "exists"):
 * \[ z^{pres}_t \sim \mathrm{Bernoulli}(e_{t-1}\rho + (1 - e_{t-1})\varepsilon), \quad
 *    e_t = e_{t-1} z^{pres}_t, \]
 * \[ z^{where}_t \sim N((3, 0, 0), \mathrm{diag}(0.2, 1, 1)^2), \quad z^{what}_t \sim N(0, I), \quad
 *    o_t = \sigma(\mathrm{dec}(z^{what}_t) - 2) \in [0,1]^{d \times d}, \]
 * \[ x \sim N\Big(\sum_t e_t \, \mathrm{place}(o_t, z^{where}_t),\ \sigma_x^2 I\Big), \]
 * with {@code place} the inverse spatial transformer ({@link AttentionWindow#place}: the object
 * shrunk by \(1/s\) and centred at \(-(x, y)/s\) in the image's \([-1, 1]^2\) coordinates). The
 * where and what choices of an absent step (\(e_t = 0\)) are masked ({@link Distribution#mask}):
 * they exist in neither the model nor the guide (Pyro's AIR does the same). A step after an absent
 * one has presence probability \(\varepsilon\) (config's {@code presenceFloor}) in the model and the
 * guide, and is absent whatever its draw, so it contributes nothing; \(\varepsilon &gt; 0\) keeps
 * enumeration away from \(\log 0\).
 *
 * <p><b>Guide</b>, per image: an LSTM whose input at step \(t\) is the image and the previous
 * step's \((z^{where}, z^{what}, e)\) gives \(h_t\); a linear head gives the presence logit and
 * \(z^{where}\)'s mean and scale (softplus); the attention window of the image at \(z^{where}_t\)
 * ({@link AttentionWindow#window}, \(d \times d\)) goes through an encoder to \(z^{what}_t\)'s mean and
 * scale. The presence logit is replaced by \(\mathrm{logit}(\varepsilon)\) after an absent step. The
 * LSTM's gate GEMM over \([x, \text{latents}, h]\) is split: the image's block \(x W_x\) does not
 * change between steps, so it is computed once per image ({@link LstmCell#apply(Params, Var,
 * LstmCell.State, Var)}); the gates are the same as those of one fused GEMM.
 *
 * <p><b>Baseline</b> (for REINFORCE with a learned baseline): a separate LSTM that reads the image
 * at every step and outputs one value per image and step, \(b_t(x)\). A baseline may depend on
 * anything drawn before its choice; this one depends on the image only, because the engine builds
 * a choice's term after its run, when replays (MVD, ENUM) may have run the guide again.
 *
 * <p>Addresses: {@code z_pres_t} ({@code [n]}), {@code z_where_t} ({@code [n, 3]}), {@code z_what_t}
 * ({@code [n, what]}), and the observed {@code x} ({@code [n, D^2]}). Not thread-safe: the
 * baseline values of the last guide run are kept for the strategies' suppliers.
 */
public final class AirModel {
    /** A constant added to the decoder's output before the sigmoid, as Pyro's recommended AIR setting: objects start faint. */
    public static final double DECODER_OUTPUT_BIAS = -2.0;
    private final AirConfig config;
    private final Params params;
    private final String guideImageWeight;
    private final LstmCell guideRnn;
    private final Linear predict;
    private final Mlp encoder;
    private final Mlp decoder;
    private final String baselineImageWeight;
    private final LstmCell baselineRnn;
    private final Linear baselineHead;
    private volatile double presencePrior = 0.5;
    private boolean computeBaselines;
    private Var[] baselines;

    /** A model with the sizes of {@code config}, parameters initialised from {@code seed} (float32), without a baseline. */
    public AirModel(AirConfig config, long seed) {
        this(config, seed, false);
    }

    /**
     * A model with the sizes of {@code config}, parameters initialised from {@code seed} (float32),
     * with the baseline network when {@code withBaseline} (its parameters come after the others, so
     * the model's and the guide's start the same either way).
     */
    public AirModel(AirConfig config, long seed, boolean withBaseline) {
        this.config = config;
        int h = config.rnnHidden(), d2 = config.objectPixels(), w = config.what();
        Params.Builder b = Params.builder(DataType.FLOAT, seed);
        this.guideImageWeight = b.add("guide/rnn/image-w", Init.uniform(1.0 / Math.sqrt(h)), config.pixels(), 4L * h);
        this.guideRnn = LstmCell.create(b, "guide/rnn", 3 + w + 1, h);
        this.predict = Linear.create(b, "guide/predict", h, 7, Init.uniform(1e-3));
        this.encoder = Mlp.create(b, "guide/encoder", new int[] {d2, config.encoderHidden(), 2 * w}, Activation.RELU,
                Activation.IDENTITY);
        this.decoder = Mlp.create(b, "model/decoder", new int[] {w, config.decoderHidden(), d2}, Activation.RELU,
                Activation.IDENTITY);
        if (withBaseline) {
            int bh = config.baselineHidden();
            this.baselineImageWeight = b.add("baseline/rnn/image-w", Init.uniform(1.0 / Math.sqrt(bh)), config.pixels(), 4L * bh);
            this.baselineRnn = LstmCell.create(b, "baseline/rnn", config.steps(), bh);
            this.baselineHead = Linear.create(b, "baseline/head", bh, 1);
        } else {
            this.baselineImageWeight = null;
            this.baselineRnn = null;
            this.baselineHead = null;
        }
        this.params = b.build();
        // the head starts at z_where's prior mean (3, 0, 0) with scale softplus(-2.9) = 0.054: the first windows are
        // objects a third of the image wide around the centre, not degenerate transforms with s near 0
        params.get("guide/predict/b").value().assign(Nd4j.createFromArray(0f, 3f, 0f, 0f, -2.9f, -2.9f, -2.9f));
    }

    /** Whether this model has the baseline network (for the learned-baseline estimators). */
    public boolean hasBaseline() {
        return baselineRnn != null;
    }

    /** The sizes and constants. */
    public AirConfig config() {
        return config;
    }

    /** Every parameter: the model's decoder ({@code model/...}), the guide's networks ({@code guide/...}) and the baseline's ({@code baseline/...}), if any. */
    public Params params() {
        return params;
    }

    /** The prior presence probability \(\rho\) of a step after a present one. */
    public double presencePrior() {
        return presencePrior;
    }

    /** Sets \(\rho\) (for annealing: the model reads it at every run). */
    public void setPresencePrior(double rho) {
        if (!(rho > 0 && rho < 1)) {
            throw new IllegalArgumentException("AIR: the presence prior must be in (0, 1), got " + rho);
        }
        this.presencePrior = rho;
    }

    /**
     * Whether guide runs also compute the baseline values \(b_t(x)\) (needed by the learned-baseline strategies).
     *
     * @throws IllegalStateException if switched on for a model built without the baseline network
     */
    public void computeBaselines(boolean on) {
        if (on && !hasBaseline()) {
            throw new IllegalStateException("AIR: this model has no baseline network; build it with new AirModel(config, seed, true)");
        }
        this.computeBaselines = on;
    }

    /** The presence addresses {@code z_pres_0 .. z_pres_(T-1)}. */
    public Selection presence() {
        String[] a = new String[config.steps()];
        for (int t = 0; t < a.length; t++) {
            a[t] = presenceAddress(t);
        }
        return Selection.of(a);
    }

    /** The address of step {@code t}'s presence choice. */
    public static String presenceAddress(int t) {
        return "z_pres_" + t;
    }

    /**
     * The baseline \(b_t(x)\) ({@code [n]}) computed by the last guide run with baselines on; for
     * {@code Strategies.learnedBaseline(() -> model.baseline(t))}.
     *
     * @throws IllegalStateException if no guide run computed baselines
     */
    public Var baseline(int t) {
        if (baselines == null) {
            throw new IllegalStateException("AIR: no baseline values; call computeBaselines(true) before building the estimate");
        }
        return baselines[t];
    }

    /** The inference problem for minibatches of exactly {@code n} images {@code [n, D^2]} with grey levels in [0, 1]. */
    public VariationalProblem<INDArray> problem(int n) {
        GenerativeFunction<INDArray, Var> model = Plate.of("air-model", n, 1.0, vars("model/"), (ctx, x) -> {
            checkImages(x, n);
            Var canvas = generate(n, (address, dist, mode) -> ctx.sample(address, dist));
            return ctx.sample("x", Normal.of(canvas, Var.scalar(config.pixelScale(), DataType.FLOAT)).toEvent(1));
        });
        GenerativeFunction<INDArray, Var> guide = Plate.of("air-guide", n, 1.0, vars("guide/"), (ctx, x) -> {
            checkImages(x, n);
            if (computeBaselines) {
                baselines = baselineValues(x);
            }
            infer(x, (address, dist, mode) -> ctx.sample(address, dist), false);
            return Var.scalar(0.0, DataType.FLOAT);
        });
        return new VariationalProblem<>(model, guide, x -> ChoiceMap.of("x", x));
    }

    /**
     * The guide's most probable reading of images {@code x [n, D^2]}, step by step (present where
     * the presence probability exceeds 1/2 and the previous step is present; where and what at their
     * means): no randomness, no choices recorded.
     */
    public Parse parse(INDArray x) {
        checkImages(x, x.size(0));
        return infer(x, (address, dist, mode) -> mode, true);
    }

    /** The model's mean image \(\sum_t e_t\,\mathrm{place}(o_t, z^{where}_t)\) for a parse: {@code [n, D^2]}. */
    public INDArray reconstruct(Parse parse) {
        int n = (int) parse.presence().size(0);
        Var canvas = Var.constant(Nd4j.zeros(DataType.FLOAT, n, config.pixels()));
        for (int t = 0; t < config.steps(); t++) {
            Var where = Var.constant(parse.where().get(all(), point(t), all()).dup());
            Var what = Var.constant(parse.what().get(all(), point(t), all()).dup());
            INDArray present = parse.presence().get(all(), point(t)).dup();
            canvas = canvas.add(object(what, where, n).mul(Var.constant(present.reshape(n, 1))));
        }
        return canvas.value().dup();
    }

    /** A choice: recorded by a context, or the mode when parsing. */
    @FunctionalInterface
    private interface Chooser {
        Var choose(String address, Distribution<Var> dist, Var mode);
    }

    /**
     * The model's steps; returns the mean image, {@code [E..., n, D^2]} with the enumeration dims
     * {@code E} of the presence choices (none unless they are enumerated in parallel).
     */
    private Var generate(int n, Chooser choose) {
        double rho = presencePrior, eps = config.presenceFloor();
        INDArray exists = Nd4j.ones(DataType.FLOAT, n);
        Var whereLoc = Var.constant(Nd4j.createFromArray(toFloats(config.whereLoc())).reshape(1, 3).repeat(0, n));
        Var whereScale = Var.constant(Nd4j.createFromArray(toFloats(config.whereScale())).reshape(1, 3).repeat(0, n));
        Var whatLoc = Var.constant(Nd4j.zeros(DataType.FLOAT, n, config.what()));
        Var one = Var.scalar(1.0, DataType.FLOAT);
        Var canvas = Var.constant(Nd4j.zeros(DataType.FLOAT, n, config.pixels()));
        for (int t = 0; t < config.steps(); t++) {
            INDArray p = exists.mul(rho).addi(exists.rsub(1.0).muli(eps));
            Var zPres = choose.choose(presenceAddress(t), Bernoulli.ofProbs(Var.constant(p)), null);
            INDArray present = EnumerationDims.times(zPres.value(), exists);
            long[] where = EnumerationDims.append(present.shape(), 3), what = EnumerationDims.append(present.shape(), config.what());
            Var zWhere = choose.choose("z_where_" + t,
                    Normal.of(whereLoc.broadcastTo(where), whereScale.broadcastTo(where)).toEvent(1).mask(present), null);
            Var zWhat = choose.choose("z_what_" + t, Normal.of(whatLoc.broadcastTo(what), one).toEvent(1).mask(present), null);
            canvas = canvas.add(object(zWhat, zWhere, n).mul(Var.constant(present.reshape(EnumerationDims.append(present.shape(), 1)))));
            exists = present;
        }
        return canvas;
    }

    /** The decoded object of {@code what [E..., n, w]} placed at {@code where [E..., n, 3]} on the canvas: {@code [E..., n, D^2]}. */
    private Var object(Var what, Var where, int n) {
        int d = config.window(), big = config.canvas();
        long[] lead = EnumerationDims.common(2, what, where);
        Var flatWhere = EnumerationDims.flatten(where, lead, 2);
        long rows = flatWhere.shape()[0];
        Var o = decoder.apply(params, EnumerationDims.flatten(what, lead, 2)).add(DECODER_OUTPUT_BIAS).sigmoid().reshape(rows, d, d);
        return EnumerationDims.unflatten(AttentionWindow.place(o, flatWhere, big, big).reshape(rows, (long) big * big), lead, n);
    }

    /** The guide's steps with {@code choose} making (or skipping) the choices; the parse is kept when {@code keep} (else null). */
    private Parse infer(INDArray x, Chooser choose, boolean keep) {
        int n = (int) x.size(0), d = config.window(), w = config.what(), steps = config.steps();
        Var image = Var.constant(x.castTo(DataType.FLOAT));
        Var image3 = image.reshape(n, config.canvas(), config.canvas());
        Var imageGates = image.matmul(params.get(guideImageWeight));
        LstmCell.State start = LstmCell.State.zeros(n, config.rnnHidden(), DataType.FLOAT);
        Var h = start.h(), c = start.c();
        Var prevWhere = Var.constant(Nd4j.zeros(DataType.FLOAT, n, 3));
        Var prevWhat = Var.constant(Nd4j.zeros(DataType.FLOAT, n, w));
        INDArray exists = Nd4j.ones(DataType.FLOAT, n);
        Var floorLogit = Var.scalar(Math.log(config.presenceFloor() / (1 - config.presenceFloor())), DataType.FLOAT);
        INDArray presence = keep ? Nd4j.zeros(DataType.FLOAT, n, steps) : null;
        INDArray wheres = keep ? Nd4j.zeros(DataType.FLOAT, n, steps, 3) : null;
        INDArray whats = keep ? Nd4j.zeros(DataType.FLOAT, n, steps, w) : null;
        for (int t = 0; t < steps; t++) {
            // under parallel enumeration the state and the previous latents carry the presence choices' dims E
            Var existsColumn = Var.constant(exists.reshape(EnumerationDims.append(exists.shape(), 1)));
            long[] lead = EnumerationDims.common(2, prevWhere, prevWhat, existsColumn, h, c);
            Var in = Var.concat(1, EnumerationDims.flatten(prevWhere, lead, 2), EnumerationDims.flatten(prevWhat, lead, 2),
                    EnumerationDims.flatten(existsColumn, lead, 2));
            LstmCell.State flat = guideRnn.apply(params, in,
                    new LstmCell.State(EnumerationDims.flatten(h, lead, 2), EnumerationDims.flatten(c, lead, 2)),
                    EnumerationDims.flatten(imageGates, lead, 2));
            h = EnumerationDims.unflatten(flat.h(), lead, n);
            c = EnumerationDims.unflatten(flat.c(), lead, n);
            Var out = EnumerationDims.unflatten(predict.apply(params, flat.h()), lead, n);
            int last = out.rank() - 1;
            // exists [E..., n] carries every dim of the state, so where() lines it up with the logits
            Var logit = Var.where(exists.castTo(DataType.BOOL), out.slice(last, 0, 1).squeeze(last), floorLogit);
            Var mode = Var.constant(logit.value().gt(0.0).castTo(DataType.FLOAT));
            Var zPres = choose.choose(presenceAddress(t), Bernoulli.ofLogits(logit), mode);
            INDArray present = EnumerationDims.times(zPres.value(), exists);
            long[] where = EnumerationDims.append(present.shape(), 3);
            Var whereLoc = out.slice(last, 1, 4).broadcastTo(where);
            Var zWhere = choose.choose("z_where_" + t,
                    Normal.of(whereLoc, out.slice(last, 4, 7).softplus().broadcastTo(where)).toEvent(1).mask(present), whereLoc);
            long[] lead2 = EnumerationDims.leading(present.shape(), 1);
            Var window = AttentionWindow.window(EnumerationDims.flatten(image3, lead2, 3), EnumerationDims.flatten(zWhere, lead2, 2), d, d);
            Var e = EnumerationDims.unflatten(encoder.apply(params, window.reshape(window.shape()[0], (long) d * d)), lead2, n);
            int lastE = e.rank() - 1;
            Var whatLoc = e.slice(lastE, 0, w);
            Var zWhat = choose.choose("z_what_" + t,
                    Normal.of(whatLoc, e.slice(lastE, w, 2L * w).softplus()).toEvent(1).mask(present), whatLoc);
            if (keep) {
                presence.get(all(), point(t)).assign(present);
                wheres.get(all(), point(t), all()).assign(zWhere.value());
                whats.get(all(), point(t), all()).assign(zWhat.value());
            }
            prevWhere = zWhere;
            prevWhat = zWhat;
            exists = present;
        }
        return keep ? new Parse(presence, wheres, whats) : null;
    }

    /** \(b_t(x)\) for every step: the baseline LSTM reading the image (and the step's one-hot code) at every step. */
    private Var[] baselineValues(INDArray x) {
        int n = (int) x.size(0), steps = config.steps();
        Var gates = Var.constant(x.castTo(DataType.FLOAT)).matmul(params.get(baselineImageWeight));
        LstmCell.State state = LstmCell.State.zeros(n, config.baselineHidden(), DataType.FLOAT);
        Var[] out = new Var[steps];
        for (int t = 0; t < steps; t++) {
            INDArray code = Nd4j.zeros(DataType.FLOAT, n, steps);
            code.getColumn(t).assign(1.0);
            state = baselineRnn.apply(params, Var.constant(code), state, gates);
            out[t] = baselineHead.apply(params, state.h()).squeeze(1);
        }
        return out;
    }

    private void checkImages(INDArray x, long n) {
        if (x.rank() != 2 || x.size(0) != n || x.size(1) != config.pixels()) {
            throw new IllegalArgumentException("AIR: images must be [" + n + ", " + config.pixels() + "] (" + config.canvas()
                    + " x " + config.canvas() + " pixels, flattened), got " + Arrays.toString(x.shape()));
        }
    }

    /** The parameters whose names start with {@code prefix} (a generative function declares only its own). */
    private List<Var> vars(String prefix) {
        List<Var> out = new ArrayList<>();
        for (String name : params.names()) {
            if (name.startsWith(prefix)) {
                out.add(params.get(name));
            }
        }
        return out;
    }

    private static float[] toFloats(double[] v) {
        float[] f = new float[v.length];
        for (int i = 0; i < v.length; i++) {
            f[i] = (float) v[i];
        }
        return f;
    }

    private static org.nd4j.linalg.indexing.INDArrayIndex all() {
        return org.nd4j.linalg.indexing.NDArrayIndex.all();
    }

    private static org.nd4j.linalg.indexing.INDArrayIndex point(long i) {
        return org.nd4j.linalg.indexing.NDArrayIndex.point(i);
    }
}

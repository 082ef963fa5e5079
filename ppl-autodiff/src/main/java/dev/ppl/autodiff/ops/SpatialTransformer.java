package dev.ppl.autodiff.ops;

import dev.ppl.autodiff.Shapes;
import dev.ppl.autodiff.Var;
import dev.ppl.autodiff.kernels.Kernels;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * The differentiable image warp of a spatial transformer (Jaderberg et al. 2015, "Spatial
 * Transformer Networks"): {@link #affineGrid} maps the pixel centres of an output image through
 * one affine map per batch element, and {@link #gridSample} reads an input image at the mapped
 * points by bilinear interpolation; gradients flow to the maps and to the image.
 *
 * <p>Coordinates are normalized as in PyTorch's {@code affine_grid} and {@code grid_sample} with
 * {@code align_corners=False}: \(x = -1\) and \(x = 1\) are the left edge of the first pixel and
 * the right edge of the last (likewise \(y\), top to bottom), so pixel \(j\) of a row of \(W\) has
 * its centre at \(x_j = (2j + 1)/W - 1\), whatever \(W\) is. An identity map therefore samples
 * every pixel at its centre and reproduces the image; a shift by \(2/W\) moves it one pixel.
 */
public final class SpatialTransformer {
    private SpatialTransformer() {}

    /**
     * The sampling grid of affine maps {@code theta [N, 2, 3]} over an output of
     * {@code height x width} pixels: {@code [N, height, width, 2]} holding
     * \(G_{n i j} = \theta_n (x_j, y_i, 1)^\top\), the point (as \((x, y)\)) at which output pixel
     * \((i, j)\) reads its input, with \(x_j = (2j + 1)/W - 1\) and \(y_i = (2i + 1)/H - 1\) (PyTorch's
     * {@code affine_grid}, {@code align_corners=False}). Linear in \(\theta\):
     * \(\bar\theta_n = \sum_{ij} \bar G_{n i j} (x_j, y_i, 1)\), a {@code [2, 3]} outer-product sum.
     * Float32 or float64.
     *
     * @throws IllegalArgumentException naming the op and the shapes if {@code theta} is not
     *     {@code [N, 2, 3]} of float32 or float64, or if a size is not positive
     */
    public static Var affineGrid(Var theta, int height, int width) {
        long[] s = theta.shape();
        if (s.length != 3 || s[1] != 2 || s[2] != 3) {
            throw new IllegalArgumentException("affineGrid: theta has shape " + Shapes.str(s)
                    + ", expected [N, 2, 3] (one 2x3 affine map per batch element)");
        }
        if (height <= 0 || width <= 0 || 2.0 * s[0] * height * width > Integer.MAX_VALUE) {
            throw new IllegalArgumentException("affineGrid: output size " + height + " x " + width
                    + " for theta " + Shapes.str(s) + " must be positive (and the grid under 2^31 elements)");
        }
        checkFloat("affineGrid", theta, "theta " + Shapes.str(s));
        return Var.of("affineGrid", Kernels.affineGrid(theta.value(), height, width),
                g -> new INDArray[] {Kernels.affineGridBackward(g)}, theta);
    }

    /**
     * Bilinear samples of {@code image} at the points of {@code grid} (PyTorch's
     * {@code grid_sample} with its defaults: bilinear, zero padding, {@code align_corners=False}).
     * For {@code image [N, C, H, W]} (or {@code [N, H, W]}, one channel) and
     * {@code grid [N, H', W', 2]} holding normalized points \((x, y)\), the result
     * {@code [N, C, H', W']} (or {@code [N, H', W']}) is, at pixel position
     * \(u = ((x + 1)W - 1)/2\), \(v = ((y + 1)H - 1)/2\) with \(u_0 = \lfloor u \rfloor\),
     * \(a = u - u_0\), \(v_0 = \lfloor v \rfloor\), \(b = v - v_0\):
     * \[ o = (1 - b)\big((1 - a) I_{v_0 u_0} + a I_{v_0, u_0+1}\big)
     *      + b\big((1 - a) I_{v_0+1, u_0} + a I_{v_0+1, u_0+1}\big), \]
     * where pixels outside the image are 0. Gradients: each \(I_{pq}\) receives \(\bar o\) times its
     * weight in every sample that reads it (a scatter-add), and
     * \(\bar x = \bar o \tfrac W2 \big((1 - b)(I_{v_0, u_0+1} - I_{v_0 u_0}) + b (I_{v_0+1, u_0+1} -
     * I_{v_0+1, u_0})\big)\), \(\bar y\) likewise with \(\tfrac H2\), summed over channels. These are
     * the derivatives of \(o\) away from the pixel lines \(u, v \in \mathbb Z\), where \(o\) has a kink;
     * on a line, the right-hand one. A point more than a pixel beyond the image samples 0 with zero
     * gradient; a NaN point samples NaN.
     *
     * @throws IllegalArgumentException naming the op and both shapes if the ranks are wrong, the
     *     grid's last axis is not 2, the batch sizes differ, or the types differ or are neither
     *     float32 nor float64
     */
    public static Var gridSample(Var image, Var grid) {
        long[] si = image.shape(), sg = grid.shape();
        checkSample(image, grid, si, sg);
        boolean channels = si.length == 4;
        long n = si[0], c = channels ? si[1] : 1, h = si[si.length - 2], w = si[si.length - 1];
        INDArray img = channels ? image.value() : image.value().reshape('c', n, 1, h, w);
        INDArray points = grid.value();
        long[] out = channels ? new long[] {n, c, sg[1], sg[2]} : new long[] {n, sg[1], sg[2]};
        return Var.of("gridSample", Kernels.gridSample(img, points).reshape('c', out), g -> {
            INDArray up = g.reshape('c', n, c, sg[1], sg[2]);
            INDArray[] d = Kernels.gridSampleBackward(up, img, points, image.requiresGrad(), grid.requiresGrad());
            return new INDArray[] {d[0] == null ? null : d[0].reshape('c', si), d[1]};
        }, image, grid);
    }

    private static void checkSample(Var image, Var grid, long[] si, long[] sg) {
        String shapes = "image " + Shapes.str(si) + ", grid " + Shapes.str(sg);
        if (si.length != 3 && si.length != 4) {
            throw new IllegalArgumentException("gridSample: " + shapes + ": the image must be [N, H, W] or [N, C, H, W]");
        }
        if (sg.length != 4 || sg[3] != 2) {
            throw new IllegalArgumentException("gridSample: " + shapes
                    + ": the grid must be [N, H_out, W_out, 2], points (x, y) in [-1, 1] (e.g. from affineGrid)");
        }
        if (si[0] != sg[0]) {
            throw new IllegalArgumentException("gridSample: " + shapes + ": batch sizes " + si[0] + " and " + sg[0]
                    + " differ; give one grid per image");
        }
        Checks.sameType("gridSample", image, grid);
        checkFloat("gridSample", image, shapes);
    }

    private static void checkFloat(String op, Var a, String shapes) {
        if (a.dtype() != DataType.FLOAT && a.dtype() != DataType.DOUBLE) {
            throw new IllegalArgumentException(op + ": " + shapes + ": needs float32 or float64, got " + a.dtype()
                    + "; cast with Var.cast");
        }
    }
}

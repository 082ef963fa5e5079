package dev.ppl.autodiff.nn;

import dev.ppl.autodiff.Shapes;
import dev.ppl.autodiff.Var;
import dev.ppl.autodiff.ops.SpatialTransformer;
import org.nd4j.linalg.factory.Nd4j;

/**
 * The attention window of Attend-Infer-Repeat (Eslami et al. 2016, "Attend, Infer, Repeat"),
 * parametrized as in Pyro's AIR example: a spatial transformer ({@link SpatialTransformer}) whose
 * affine map is a scale and a shift, {@code zWhere [N, 3]} \(= (s, x, y)\) per image.
 *
 * <p>{@link #place} (Pyro's {@code object_to_image}) draws an object into an image with
 * \(\theta = \begin{pmatrix} s &amp; 0 &amp; x \\ 0 &amp; s &amp; y \end{pmatrix}\): image point \(u\) (in
 * normalized coordinates, \([-1, 1]^2\) over the image) shows the object at \(s u + (x, y)\), so
 * the object appears shrunk by \(1/s\) and centred at \(-(x, y)/s\) (Pyro's prior puts \(s\) near 3:
 * an object a third of the image wide). {@link #window} (Pyro's {@code image_to_object}) reads that
 * area back out with the inverse map
 * \(\theta^{-1} = \begin{pmatrix} 1/s &amp; 0 &amp; -x/s \\ 0 &amp; 1/s &amp; -y/s \end{pmatrix}\): object
 * point \(v\) reads the image at \((v - (x, y))/s\). Placing a window's content back with the same
 * {@code zWhere} reproduces the image on the window's area, up to bilinear resampling (exactly when
 * both pixel grids align, and for images linear in \(u\)).
 *
 * <p>Both are ordinary ops composed with {@link SpatialTransformer#affineGrid} and
 * {@link SpatialTransformer#gridSample}, so gradients reach the images and {@code zWhere}.
 * \(s\) must not be 0.
 */
public final class AttentionWindow {
    private AttentionWindow() {}

    /**
     * The window of {@code image [N, H, W]} (or {@code [N, C, H, W]}) at {@code zWhere [N, 3]},
     * resampled to {@code height x width}: the image sampled on the {@link SpatialTransformer#affineGrid}
     * of \(\theta^{-1}\), {@code [N, height, width]} (or {@code [N, C, height, width]}).
     *
     * @throws IllegalArgumentException naming the op and the shapes if {@code zWhere} is not
     *     {@code [N, 3]} for the image's {@code N}, or the types differ
     */
    public static Var window(Var image, Var zWhere, int height, int width) {
        check("window", image, zWhere);
        return SpatialTransformer.gridSample(image, SpatialTransformer.affineGrid(expand(inverse(zWhere)), height, width));
    }

    /**
     * The image of {@code height x width} pixels showing {@code object [N, h, w]} (or
     * {@code [N, C, h, w]}) placed by {@code zWhere [N, 3]}, zero elsewhere: the object sampled on
     * the {@link SpatialTransformer#affineGrid} of \(\theta\) over {@code height x width} pixels.
     *
     * @throws IllegalArgumentException naming the op and the shapes if {@code zWhere} is not
     *     {@code [N, 3]} for the object's {@code N}, or the types differ
     */
    public static Var place(Var object, Var zWhere, int height, int width) {
        check("place", object, zWhere);
        return SpatialTransformer.gridSample(object, SpatialTransformer.affineGrid(expand(zWhere), height, width));
    }

    /** \((s, x, y) \mapsto \begin{pmatrix} s &amp; 0 &amp; x \\ 0 &amp; s &amp; y \end{pmatrix}\), {@code [N, 2, 3]} (Pyro's {@code expand_z_where}). */
    private static Var expand(Var zWhere) {
        long n = zWhere.shape()[0];
        Var s = zWhere.slice(1, 0, 1), x = zWhere.slice(1, 1, 2), y = zWhere.slice(1, 2, 3);
        Var zero = Var.constant(Nd4j.zeros(zWhere.dtype(), n, 1));
        return Var.concat(1, s, zero, x, zero, s, y).reshape(n, 2, 3);
    }

    /** \((s, x, y) \mapsto (1/s, -x/s, -y/s)\), the parameters of the inverse map (Pyro's {@code z_where_inv}). */
    private static Var inverse(Var zWhere) {
        Var invScale = zWhere.slice(1, 0, 1).rdiv(1.0);
        return Var.concat(1, invScale, zWhere.slice(1, 1, 3).mul(invScale).neg());
    }

    private static void check(String op, Var image, Var zWhere) {
        long[] si = image.shape(), sz = zWhere.shape();
        String shapes = "image " + Shapes.str(si) + ", zWhere " + Shapes.str(sz);
        if (si.length != 3 && si.length != 4) {
            throw new IllegalArgumentException(op + ": " + shapes + ": the image must be [N, H, W] or [N, C, H, W]");
        }
        if (sz.length != 2 || sz[1] != 3 || sz[0] != si[0]) {
            throw new IllegalArgumentException(op + ": " + shapes + ": zWhere must be [" + si[0]
                    + ", 3], one (scale, x, y) per image");
        }
        if (image.dtype() != zWhere.dtype()) {
            throw new IllegalArgumentException(op + ": " + shapes + ": types " + image.dtype() + " and "
                    + zWhere.dtype() + " differ; cast one with Var.cast");
        }
    }
}

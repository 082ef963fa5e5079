package dev.ppl.autodiff.kernels;

import dev.ppl.autodiff.Arena;
import dev.ppl.autodiff.Shapes;
import org.bytedeco.javacpp.Pointer;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Affine sampling grids and bilinear sampling of images at real-valued points, in the normalized
 * coordinates of PyTorch's {@code affine_grid} and {@code grid_sample} with
 * {@code align_corners=False}: \(-1\) and \(1\) are the outer edges of the first and last pixel,
 * so pixel \(j\) of a row of \(W\) has its centre at \(x_j = (2j + 1)/W - 1\), and a coordinate
 * \(x\) lies at pixel position \(i_x = ((x + 1)W - 1)/2\).
 *
 * <p>With \(x_0 = \lfloor i_x \rfloor\), \(t_x = i_x - x_0\) (and likewise \(y_0, t_y\)), the sample
 * is \(o = (1 - t_y)((1 - t_x) I_{y_0 x_0} + t_x I_{y_0, x_0+1}) + t_y((1 - t_x) I_{y_0+1, x_0} +
 * t_x I_{y_0+1, x_0+1})\), where pixels outside the image are 0 (zero padding). Its gradients:
 * \(\bar I\) receives \(\bar o\) times each corner's weight (a scatter-add), and
 * \(\bar x = \bar o\, \tfrac W2 ((1 - t_y)(I_{y_0, x_0+1} - I_{y_0 x_0}) + t_y(I_{y_0+1, x_0+1} -
 * I_{y_0+1, x_0}))\), \(\bar y\) likewise. A point more than a pixel beyond the edge samples 0 with
 * zero gradient; a NaN coordinate samples NaN and has a NaN gradient.
 *
 * <p>Loops in Java over double copies of the data (float32 is widened on reading and rounded
 * once on writing), read from and written to the buffers directly on the CPU backend.
 */
final class SpatialSampling {
    private static final boolean CPU = Nd4j.getEnvironment().isCPU();
    private static final ThreadLocal<Scratch> SCRATCH = ThreadLocal.withInitial(Scratch::new);
    private static final int IMAGE = 0, GRID = 1, UPSTREAM = 2, OUT = 3, OUT2 = 4;

    private SpatialSampling() {}

    /** Per-thread double buffers by slot, and one float buffer for conversions. */
    private static final class Scratch {
        final double[][] d = new double[5][];
        float[] f = new float[0];

        double[] doubles(int slot, int n) {
            if (d[slot] == null || d[slot].length < n) {
                d[slot] = new double[n];
            }
            return d[slot];
        }

        float[] floats(int n) {
            if (f.length < n) {
                f = new float[n];
            }
            return f;
        }
    }

    /** The sizes of one sampling: image {@code [n, c, h, w]}, grid {@code [n, ho, wo, 2]}. */
    private record Sizes(int n, int c, int h, int w, int ho, int wo) {
        static Sizes of(INDArray image, INDArray grid) {
            long out = image.size(0) * image.size(1) * grid.size(1) * grid.size(2);
            if (Math.max(out, Math.max(image.length(), grid.length())) > Integer.MAX_VALUE) {
                throw new IllegalArgumentException("gridSample: image " + Shapes.str(image.shape()) + " and grid "
                        + Shapes.str(grid.shape()) + " exceed the 2^31 elements a Java array holds; split the batch");
            }
            return new Sizes((int) image.size(0), (int) image.size(1), (int) image.size(2), (int) image.size(3),
                    (int) grid.size(1), (int) grid.size(2));
        }

        int points() {
            return ho * wo;
        }
    }

    /**
     * The sampling grid {@code [n, height, width, 2]} of affine maps {@code theta [n, 2, 3]}:
     * \(G_{nij} = \theta_n (x_j, y_i, 1)^\top\) with \(x_j = (2j + 1)/W - 1\), \(y_i = (2i + 1)/H - 1\).
     */
    static INDArray affineGrid(INDArray theta, int height, int width) {
        int n = (int) theta.size(0), points = height * width;
        double[] t = read(theta, IMAGE), out = SCRATCH.get().doubles(OUT, 2 * n * points);
        for (int b = 0; b < n; b++) {
            for (int i = 0; i < height; i++) {
                double y = centre(i, height);
                for (int j = 0; j < width; j++) {
                    double x = centre(j, width);
                    int q = 2 * (b * points + i * width + j);
                    out[q] = t[6 * b] * x + t[6 * b + 1] * y + t[6 * b + 2];
                    out[q + 1] = t[6 * b + 3] * x + t[6 * b + 4] * y + t[6 * b + 5];
                }
            }
        }
        return write(out, theta.dataType(), n, height, width, 2);
    }

    /**
     * The gradient {@code [n, 2, 3]} of {@link #affineGrid} for upstream gradient
     * {@code g [n, h, w, 2]}: \(\bar\theta_{n r} = \sum_{ij} \bar G_{nijr} (x_j, y_i, 1)\).
     */
    static INDArray affineGridBackward(INDArray g) {
        int n = (int) g.size(0), height = (int) g.size(1), width = (int) g.size(2);
        double[] up = read(g, UPSTREAM), out = SCRATCH.get().doubles(OUT, 6 * n);
        for (int b = 0; b < n; b++) {
            double x0 = 0, y0 = 0, c0 = 0, x1 = 0, y1 = 0, c1 = 0; // row r of theta: (x_r, y_r, c_r)
            for (int i = 0; i < height; i++) {
                double y = centre(i, height);
                for (int j = 0; j < width; j++) {
                    double x = centre(j, width);
                    int q = 2 * ((b * height + i) * width + j);
                    x0 += up[q] * x;
                    y0 += up[q] * y;
                    c0 += up[q];
                    x1 += up[q + 1] * x;
                    y1 += up[q + 1] * y;
                    c1 += up[q + 1];
                }
            }
            System.arraycopy(new double[] {x0, y0, c0, x1, y1, c1}, 0, out, 6 * b, 6);
        }
        return write(out, g.dataType(), n, 2, 3);
    }

    /** Samples {@code image [n, c, h, w]} at {@code grid [n, ho, wo, 2]}: {@code [n, c, ho, wo]}. */
    static INDArray sample(INDArray image, INDArray grid) {
        Sizes s = Sizes.of(image, grid);
        double[] img = read(image, IMAGE), pts = read(grid, GRID);
        double[] out = SCRATCH.get().doubles(OUT, s.n() * s.c() * s.points());
        int c = s.c(), points = s.points(), plane = s.h() * s.w();
        Halves.run(s.n(), (long) s.n() * points * c, (from, to) -> {
            Cell cell = new Cell(s.h(), s.w());
            for (int b = from; b < to; b++) {
                for (int p = 0; p < points; p++) {
                    int q = 2 * (b * points + p);
                    boolean found = cell.locate(pts[q], pts[q + 1]);
                    for (int ch = 0; ch < c; ch++) {
                        int o = (b * c + ch) * points + p;
                        out[o] = found ? cell.corners(img, (b * c + ch) * plane).value() : cell.outside;
                    }
                }
            }
        });
        return write(out, image.dataType(), s.n(), s.c(), s.ho(), s.wo());
    }

    /**
     * The gradients of {@link #sample} for upstream gradient {@code g [n, c, ho, wo]}:
     * {@code {image gradient [n, c, h, w], grid gradient [n, ho, wo, 2]}}, each null unless asked for.
     */
    static INDArray[] backward(INDArray g, INDArray image, INDArray grid, boolean toImage, boolean toGrid) {
        Sizes s = Sizes.of(image, grid);
        double[] img = read(image, IMAGE), pts = read(grid, GRID), up = read(g, UPSTREAM);
        double[] dImg = toImage ? zeros(OUT, s.n() * s.c() * s.h() * s.w()) : null;
        double[] dPts = toGrid ? zeros(OUT2, 2 * s.n() * s.points()) : null;
        int c = s.c(), points = s.points(), plane = s.h() * s.w();
        Halves.run(s.n(), (long) s.n() * points * c, (from, to) -> {
            Cell cell = new Cell(s.h(), s.w());
            for (int b = from; b < to; b++) {
                for (int p = 0; p < points; p++) {
                    int q = 2 * (b * points + p);
                    if (!cell.locate(pts[q], pts[q + 1])) {
                        if (toGrid) {
                            dPts[q] = dPts[q + 1] = cell.outside; // 0, or NaN for a NaN point
                        }
                        continue;
                    }
                    double gx = 0, gy = 0;
                    for (int ch = 0; ch < c; ch++) {
                        int base = (b * c + ch) * plane;
                        double go = up[(b * c + ch) * points + p];
                        if (toImage) {
                            cell.scatter(dImg, base, go);
                        }
                        if (toGrid) {
                            cell.corners(img, base);
                            gx += go * cell.slopeX();
                            gy += go * cell.slopeY();
                        }
                    }
                    if (toGrid) {
                        dPts[q] = gx * 0.5 * s.w();
                        dPts[q + 1] = gy * 0.5 * s.h();
                    }
                }
            }
        });
        DataType t = image.dataType();
        return new INDArray[] {
            toImage ? write(dImg, t, s.n(), s.c(), s.h(), s.w()) : null,
            toGrid ? write(dPts, t, s.n(), s.ho(), s.wo(), 2) : null};
    }

    /**
     * Where one point falls in an {@code h x w} plane: its top-left pixel \((x_0, y_0)\), the
     * fractions \((t_x, t_y)\), which of the four neighbouring pixels lie in the plane, and (after
     * {@link #corners}) their values, 0 outside. One per call, reused from point to point.
     */
    private static final class Cell {
        final int h, w;
        int x0, y0, topLeft;
        double tx, ty, v00, v01, v10, v11;
        /** The sample (and gradient) at a point {@link #locate} rejected: 0, or NaN for a NaN point. */
        double outside;
        boolean left, right, top, bottom;

        Cell(int h, int w) {
            this.h = h;
            this.w = w;
        }

        /** Locates the normalized point \((x, y)\); false if it is NaN or more than a pixel beyond the plane. */
        boolean locate(double x, double y) {
            double ix = pixel(x, w), iy = pixel(y, h);
            if (!(ix >= -1 && ix <= w && iy >= -1 && iy <= h)) {
                outside = Double.isNaN(ix) || Double.isNaN(iy) ? Double.NaN : 0.0;
                return false;
            }
            x0 = (int) Math.floor(ix);
            y0 = (int) Math.floor(iy);
            tx = ix - x0;
            ty = iy - y0;
            left = x0 >= 0 && x0 < w; // x0 is in [-1, w]
            right = x0 + 1 < w;
            top = y0 >= 0 && y0 < h;
            bottom = y0 + 1 < h;
            topLeft = y0 * w + x0;
            return true;
        }

        /** Reads the four neighbours from the plane at {@code base} of {@code img}. */
        Cell corners(double[] img, int base) {
            int k = base + topLeft;
            v00 = top && left ? img[k] : 0.0;
            v01 = top && right ? img[k + 1] : 0.0;
            v10 = bottom && left ? img[k + w] : 0.0;
            v11 = bottom && right ? img[k + w + 1] : 0.0;
            return this;
        }

        /** The bilinear value of the neighbours read last. */
        double value() {
            return (1 - ty) * ((1 - tx) * v00 + tx * v01) + ty * ((1 - tx) * v10 + tx * v11);
        }

        /** \(\partial\,\text{value} / \partial i_x\), per pixel. */
        double slopeX() {
            return (1 - ty) * (v01 - v00) + ty * (v11 - v10);
        }

        /** \(\partial\,\text{value} / \partial i_y\), per pixel. */
        double slopeY() {
            return (1 - tx) * (v10 - v00) + tx * (v11 - v01);
        }

        /** Adds {@code g} times each neighbour's weight to the neighbours in the plane at {@code base} of {@code img}. */
        void scatter(double[] img, int base, double g) {
            int k = base + topLeft;
            if (top) {
                if (left) {
                    img[k] += g * (1 - tx) * (1 - ty);
                }
                if (right) {
                    img[k + 1] += g * tx * (1 - ty);
                }
            }
            if (bottom) {
                if (left) {
                    img[k + w] += g * (1 - tx) * ty;
                }
                if (right) {
                    img[k + w + 1] += g * tx * ty;
                }
            }
        }
    }

    /** The normalized centre \((2k + 1)/\text{size} - 1\) of pixel {@code k}. */
    private static double centre(int k, int size) {
        return (2.0 * k + 1) / size - 1;
    }

    /** The pixel position \(((u + 1)\,\text{size} - 1)/2\) of normalized coordinate \(u\). */
    private static double pixel(double u, int size) {
        return ((u + 1) * size - 1) * 0.5;
    }

    private static double[] zeros(int slot, int n) {
        double[] a = SCRATCH.get().doubles(slot, n);
        java.util.Arrays.fill(a, 0, n, 0.0);
        return a;
    }

    /** The elements of {@code a} in c order, as doubles, in scratch slot {@code slot}. */
    private static double[] read(INDArray a, int slot) {
        int n = (int) a.length();
        Scratch s = SCRATCH.get();
        double[] out = s.doubles(slot, n);
        if (n == 0) {
            return out;
        }
        if (!CPU) {
            System.arraycopy(a.dup('c').castTo(DataType.DOUBLE).data().asDouble(), 0, out, 0, n);
            return out;
        }
        INDArray dense = SmallKernels.denseC(a) ? a : a.dup('c');
        Pointer p = dense.data().addressPointer();
        if (a.dataType() == DataType.FLOAT) {
            float[] f = s.floats(n);
            SmallKernels.floats(p).get(f, 0, n);
            for (int i = 0; i < n; i++) {
                out[i] = f[i];
            }
        } else {
            SmallKernels.doubles(p).get(out, 0, n);
        }
        return out;
    }

    /** A fresh c-order array of {@code dtype} and {@code shape} holding the first elements of {@code v}. */
    private static INDArray write(double[] v, DataType dtype, long... shape) {
        INDArray out = Arena.uninitialized(dtype, shape);
        int n = (int) out.length();
        if (n == 0) {
            return out;
        }
        if (!CPU) {
            return out.assign(Nd4j.create(java.util.Arrays.copyOf(v, n), shape, 'c').castTo(dtype));
        }
        Pointer p = out.data().addressPointer();
        if (dtype == DataType.FLOAT) {
            float[] f = SCRATCH.get().floats(n);
            for (int i = 0; i < n; i++) {
                f[i] = (float) v[i];
            }
            SmallKernels.floats(p).put(f, 0, n);
        } else {
            SmallKernels.doubles(p).put(v, 0, n);
        }
        return out;
    }
}

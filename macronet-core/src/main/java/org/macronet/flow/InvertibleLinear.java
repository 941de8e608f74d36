package org.macronet.flow;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import java.util.SplittableRandom;

/**
 * Invertible linear mixing y = x·Wᵀ of a [B, D] batch (Glow's 1×1 convolution for vectors), LU
 * parametrised: W = P·L·(U + diag(sign·exp(s))) with P a fixed permutation, L unit lower triangular,
 * U strictly upper triangular; log|det W| = Σ s. Starts as a random rotation.
 */
public final class InvertibleLinear implements InvertibleLayer {
    private final int dim;
    private final ParameterSet.Parameter lower;
    private final ParameterSet.Parameter upper;
    private final ParameterSet.Parameter logDiag;
    private final ParameterSet.Parameter perm;
    private final ParameterSet.Parameter sign;
    private final NDArray lowerMask;
    private final NDArray upperMask;
    private final NDArray eye;

    public InvertibleLinear(ParameterSet params, String name, int dim, SplittableRandom rng) {
        this(params, name, randomRotation(dim, rng));
    }

    /** A mixing that starts as the given invertible D×D matrix (e.g. a fixed orthonormal transform). */
    public InvertibleLinear(ParameterSet params, String name, double[][] initial) {
        int dim = initial.length;
        this.dim = dim;
        double[][][] plu = luDecompose(initial);
        double[][] p = plu[0];
        double[][] l = plu[1];
        double[][] u = plu[2];
        float[] pf = new float[dim * dim];
        float[] lf = new float[dim * dim];
        float[] uf = new float[dim * dim];
        float[] sf = new float[dim];
        float[] signf = new float[dim];
        float[] lm = new float[dim * dim];
        float[] um = new float[dim * dim];
        for (int i = 0; i < dim; i++) {
            for (int j = 0; j < dim; j++) {
                pf[i * dim + j] = (float) p[i][j];
                if (j < i) {
                    lf[i * dim + j] = (float) l[i][j];
                    lm[i * dim + j] = 1f;
                } else if (j > i) {
                    uf[i * dim + j] = (float) u[i][j];
                    um[i * dim + j] = 1f;
                }
            }
            sf[i] = (float) Math.log(Math.abs(u[i][i]));
            signf[i] = u[i][i] < 0 ? -1f : 1f;
        }
        Shape sq = new Shape(dim, dim);
        this.lower = params.create(name + ".lower", lf, sq, true);
        this.upper = params.create(name + ".upper", uf, sq, true);
        this.logDiag = params.create(name + ".logdiag", sf, new Shape(dim), true);
        this.perm = params.create(name + ".p", pf, sq, false);
        this.sign = params.create(name + ".sign", signf, new Shape(dim), false);
        NDManager m = params.manager();
        this.lowerMask = m.create(lm, sq);
        this.upperMask = m.create(um, sq);
        this.eye = m.eye(dim);
    }

    /** W computed from the current parameters, attached to the batch's manager. */
    NDArray weight(NDArray batch) {
        NDArray l = lower.value(batch).mul(lowerMask).add(eye);
        NDArray diag = logDiag.value(batch).exp().mul(sign.value(batch));
        NDArray u = upper.value(batch).mul(upperMask).add(diag.mul(eye));
        return Ops.local(perm.value(batch).matMul(l), batch).matMul(u);
    }

    /** log|det W| as a scalar tensor attached to the batch's manager. */
    NDArray logAbsDet(NDArray batch) {
        return logDiag.value(batch).sum();
    }

    /** y = x·Wᵀ. */
    NDArray apply(NDArray x) {
        return x.matMul(weight(x).transpose());
    }

    /** x = y·W⁻ᵀ. */
    NDArray applyInverse(NDArray y) {
        return y.matMul(weight(y).inverse().transpose());
    }

    @Override
    public FlowResult forward(NDArray x) {
        return new FlowResult(apply(x), Ops.perSample(logAbsDet(x), x));
    }

    @Override
    public FlowResult inverse(NDArray y) {
        return new FlowResult(applyInverse(y), Ops.perSample(logAbsDet(y).neg(), y));
    }

    private static double[][] randomRotation(int d, SplittableRandom rng) {
        double[][] a = new double[d][d];
        for (int i = 0; i < d; i++) {
            for (int j = 0; j < d; j++) {
                a[i][j] = gaussian(rng);
            }
        }
        // Gram–Schmidt on the rows.
        for (int i = 0; i < d; i++) {
            for (int k = 0; k < i; k++) {
                double dot = 0;
                for (int j = 0; j < d; j++) {
                    dot += a[i][j] * a[k][j];
                }
                for (int j = 0; j < d; j++) {
                    a[i][j] -= dot * a[k][j];
                }
            }
            double norm = 0;
            for (int j = 0; j < d; j++) {
                norm += a[i][j] * a[i][j];
            }
            norm = Math.sqrt(norm);
            for (int j = 0; j < d; j++) {
                a[i][j] /= norm;
            }
        }
        return a;
    }

    private static double gaussian(SplittableRandom rng) {
        double u1 = rng.nextDouble();
        double u2 = rng.nextDouble();
        return Math.sqrt(-2 * Math.log(1 - u1)) * Math.cos(2 * Math.PI * u2);
    }

    /** A = P·L·U with partial pivoting; returns {P, L, U}. */
    private static double[][][] luDecompose(double[][] a0) {
        int n = a0.length;
        double[][] a = new double[n][];
        for (int i = 0; i < n; i++) {
            a[i] = a0[i].clone();
        }
        int[] rows = new int[n];
        for (int i = 0; i < n; i++) {
            rows[i] = i;
        }
        double[][] l = new double[n][n];
        for (int k = 0; k < n; k++) {
            int piv = k;
            for (int i = k + 1; i < n; i++) {
                if (Math.abs(a[i][k]) > Math.abs(a[piv][k])) {
                    piv = i;
                }
            }
            double[] t = a[k];
            a[k] = a[piv];
            a[piv] = t;
            int tr = rows[k];
            rows[k] = rows[piv];
            rows[piv] = tr;
            double[] tl = l[k];
            l[k] = l[piv];
            l[piv] = tl;
            for (int i = k + 1; i < n; i++) {
                double f = a[i][k] / a[k][k];
                l[i][k] = f;
                for (int j = k; j < n; j++) {
                    a[i][j] -= f * a[k][j];
                }
            }
        }
        double[][] p = new double[n][n];
        for (int i = 0; i < n; i++) {
            p[rows[i]][i] = 1;
            l[i][i] = 1;
        }
        return new double[][][] {p, l, a};
    }
}

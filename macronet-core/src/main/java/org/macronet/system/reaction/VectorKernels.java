package org.macronet.system.reaction;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * SIMD versions (JDK Vector API) of the row Laplacian, the four models' reaction kernels and the subnormal
 * flush. Each performs the same IEEE float operations in the same order as its scalar counterpart (and
 * finishes the row with that scalar code), so both paths give bit-identical fields on every machine,
 * whatever the vector width. Loaded only when the {@code jdk.incubator.vector} module is present.
 */
final class VectorKernels {
    private static final VectorSpecies<Float> S = FloatVector.SPECIES_PREFERRED;
    private static final int L = S.length();

    private VectorKernels() {}

    /** The SIMD kernel of a built-in model, or null for other models (they use their scalar kernel). */
    static ReactionKernel of(ReactionModel m, double[] p, double dt) {
        if (m instanceof GrayScott) {
            return grayScott(p, dt, m.kernel(p, dt));
        } else if (m instanceof Brusselator) {
            return brusselator(p, dt, m.kernel(p, dt));
        } else if (m instanceof Schnakenberg) {
            return schnakenberg(p, dt, m.kernel(p, dt));
        } else if (m instanceof GiererMeinhardt) {
            return giererMeinhardt(p, dt, m.kernel(p, dt));
        }
        return null;
    }

    /** lap[x] = a[left] + a[right] + a[up] + a[down] − 4·a[centre] for the row starting at r (periodic). */
    static void laplacianRow(float[] a, float[] lap, int r, int up, int dn, int n) {
        int last = n - 1;
        lap[0] = a[r + last] + a[r + 1] + a[up] + a[dn] - 4 * a[r];
        int x = 1;
        for (; x + L <= last; x += L) {
            FloatVector c = FloatVector.fromArray(S, a, r + x);
            FloatVector.fromArray(S, a, r + x - 1).add(FloatVector.fromArray(S, a, r + x + 1))
                    .add(FloatVector.fromArray(S, a, up + x)).add(FloatVector.fromArray(S, a, dn + x))
                    .sub(c.mul(4f)).intoArray(lap, x);
        }
        for (; x < last; x++) {
            lap[x] = a[r + x - 1] + a[r + x + 1] + a[up + x] + a[dn + x] - 4 * a[r + x];
        }
        lap[last] = a[r + last - 1] + a[r] + a[up + last] + a[dn + last] - 4 * a[r + last];
    }

    /** Sets |x| &lt; {@code below} to zero. */
    static void flush(float[] a, float below) {
        int i = 0;
        for (; i + L <= a.length; i += L) {
            FloatVector v = FloatVector.fromArray(S, a, i);
            VectorMask<Float> tiny = v.abs().lt(below);
            if (tiny.anyTrue()) {
                v.blend(0f, tiny).intoArray(a, i);
            }
        }
        for (; i < a.length; i++) {
            if (Math.abs(a[i]) < below) {
                a[i] = 0f;
            }
        }
    }

    private static ReactionKernel grayScott(double[] p, double dt, ReactionKernel tail) {
        float big = (float) (p[0] * dt);
        float fk = (float) ((p[0] + p[1]) * dt);
        float fdt = (float) dt;
        return (u, v, lu, lv, uo, vo, off, from, to, cu, cv) -> {
            int j = from;
            for (; j + L <= to; j += L) {
                FloatVector a = FloatVector.fromArray(S, u, off + j);
                FloatVector b = FloatVector.fromArray(S, v, off + j);
                FloatVector r = a.mul(b).mul(b).mul(fdt);
                a.add(FloatVector.fromArray(S, lu, j).mul(cu)).sub(r).add(a.neg().add(1f).mul(big)).intoArray(uo, off + j);
                b.add(FloatVector.fromArray(S, lv, j).mul(cv)).add(r).sub(b.mul(fk)).intoArray(vo, off + j);
            }
            tail.update(u, v, lu, lv, uo, vo, off, j, to, cu, cv);
        };
    }

    private static ReactionKernel brusselator(double[] p, double dt, ReactionKernel tail) {
        float a = (float) (p[0] * dt);
        float b1 = (float) ((p[1] + 1) * dt);
        float b = (float) (p[1] * dt);
        float fdt = (float) dt;
        return (u, v, lu, lv, uo, vo, off, from, to, cu, cv) -> {
            int j = from;
            for (; j + L <= to; j += L) {
                FloatVector x = FloatVector.fromArray(S, u, off + j);
                FloatVector y = FloatVector.fromArray(S, v, off + j);
                FloatVector r = x.mul(x).mul(y).mul(fdt);
                x.add(FloatVector.fromArray(S, lu, j).mul(cu)).add(a).sub(x.mul(b1)).add(r).intoArray(uo, off + j);
                y.add(FloatVector.fromArray(S, lv, j).mul(cv)).add(x.mul(b)).sub(r).intoArray(vo, off + j);
            }
            tail.update(u, v, lu, lv, uo, vo, off, j, to, cu, cv);
        };
    }

    private static ReactionKernel schnakenberg(double[] p, double dt, ReactionKernel tail) {
        float a = (float) (p[0] * dt);
        float b = (float) (p[1] * dt);
        float fdt = (float) dt;
        return (u, v, lu, lv, uo, vo, off, from, to, cu, cv) -> {
            int j = from;
            for (; j + L <= to; j += L) {
                FloatVector x = FloatVector.fromArray(S, u, off + j);
                FloatVector y = FloatVector.fromArray(S, v, off + j);
                FloatVector r = x.mul(x).mul(y).mul(fdt);
                x.add(FloatVector.fromArray(S, lu, j).mul(cu)).add(a).sub(x.mul(fdt)).add(r).intoArray(uo, off + j);
                y.add(FloatVector.fromArray(S, lv, j).mul(cv)).add(b).sub(r).intoArray(vo, off + j);
            }
            tail.update(u, v, lu, lv, uo, vo, off, j, to, cu, cv);
        };
    }

    private static ReactionKernel giererMeinhardt(double[] p, double dt, ReactionKernel tail) {
        float a = (float) (p[0] * dt);
        float b = (float) (p[1] * dt);
        float c = (float) (p[2] * dt);
        float fdt = (float) dt;
        float floor = GiererMeinhardt.V_FLOOR;
        return (u, v, lu, lv, uo, vo, off, from, to, cu, cv) -> {
            int j = from;
            for (; j + L <= to; j += L) {
                FloatVector x = FloatVector.fromArray(S, u, off + j);
                FloatVector y = FloatVector.fromArray(S, v, off + j);
                FloatVector x2 = x.mul(x).mul(fdt);
                x.add(FloatVector.fromArray(S, lu, j).mul(cu)).add(a).add(x2.div(y.lanewise(VectorOperators.MAX, floor)))
                        .sub(x.mul(b)).intoArray(uo, off + j);
                y.add(FloatVector.fromArray(S, lv, j).mul(cv)).add(x2).sub(y.mul(c)).intoArray(vo, off + j);
            }
            tail.update(u, v, lu, lv, uo, vo, off, j, to, cu, cv);
        };
    }
}

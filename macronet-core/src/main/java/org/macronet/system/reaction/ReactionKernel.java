package org.macronet.system.reaction;

/**
 * One explicit-Euler update of a run of cells, specialised to a model and parameter set (float fields).
 *
 * <p>For j in [from, to) and cell i = off + j: uOut[i] = u[i] + cu·lapU[j] + dt·f(u[i], v[i]) and likewise
 * for v, where lapU/lapV hold the undivided 5-point Laplacian of the row (sum of the four neighbours minus
 * 4× the centre) and cu = D_u·dt/dx², cv = D_v·dt/dx². Implementations are branch-free loops; the SIMD
 * versions of the built-in models evaluate the same float operations in the same order, so that both give
 * bit-identical results.
 */
public interface ReactionKernel {
    void update(float[] u, float[] v, float[] lapU, float[] lapV, float[] uOut, float[] vOut,
            int off, int from, int to, float cu, float cv);
}

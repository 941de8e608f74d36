package org.macronet.system.reaction;

/**
 * One explicit-Euler update of a run of cells, specialised to a model and parameter set (float fields).
 *
 * <p>For i in [off, off + len): uOut[i] = u[i] + cu·lapU[i − off] + dt·f(u[i], v[i]) and likewise for v,
 * where lapU/lapV hold the undivided 5-point Laplacian (sum of the four neighbours minus 4× the centre)
 * and cu = D_u·dt/dx², cv = D_v·dt/dx². Implementations are branch-free loops the JIT can vectorise.
 */
public interface ReactionKernel {
    void update(float[] u, float[] v, float[] lapU, float[] lapV, float[] uOut, float[] vOut,
            int off, int len, float cu, float cv);
}

package org.macronet.system.reaction;

/**
 * The final fields of one simulation (row-major size×size, float32) and how the run ended.
 *
 * @param u final u field
 * @param v final v field
 * @param size grid side
 * @param steps steps actually taken
 * @param stoppedEarly whether the steady-state check ended the run before the requested steps
 * @param diverged whether a field became non-finite (the run stops at the check that sees it)
 * @param seconds wall-clock time of the time stepping
 */
public record SimulationResult(float[] u, float[] v, int size, int steps, boolean stoppedEarly, boolean diverged,
        double seconds) {}

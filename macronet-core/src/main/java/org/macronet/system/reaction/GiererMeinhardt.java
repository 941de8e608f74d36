package org.macronet.system.reaction;

import java.util.List;

/**
 * Gierer–Meinhardt (activator u, inhibitor v): u_t = ∇²u + a + u²/v − bu, v_t = D∇²v + u² − cv.
 * Steady state ((a + c)/b, (a + c)²/(b²c)).
 */
public final class GiererMeinhardt implements ReactionModel {
    public static final String NAME = "gierer-meinhardt";
    /** Floor of v in the float kernel: keeps u²/v finite if the inhibitor is driven to zero. */
    static final float V_FLOOR = 1e-6f;
    private static final List<Parameter> PARAMETERS = List.of(
            new Parameter("a", 0.0, 10.0, 0.1, "basal production of the activator u"),
            new Parameter("b", 0.01, 10.0, 1.0, "decay rate of u"),
            new Parameter("c", 0.01, 10.0, 1.0, "decay rate of the inhibitor v"),
            new Parameter("D", 0.01, 200.0, 10.0, "diffusion coefficient of v (that of u is 1)"));

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public List<Parameter> parameters() {
        return PARAMETERS;
    }

    @Override
    public double diffusionU(double[] p) {
        return 1.0;
    }

    @Override
    public double diffusionV(double[] p) {
        return p[3];
    }

    @Override
    public double f(double u, double v, double[] p) {
        return p[0] + u * u / v - p[1] * u;
    }

    @Override
    public double g(double u, double v, double[] p) {
        return u * u - p[2] * v;
    }

    @Override
    public double[][] jacobian(double u, double v, double[] p) {
        return new double[][] {{2 * u / v - p[1], -u * u / (v * v)}, {2 * u, -p[2]}};
    }

    @Override
    public List<double[]> homogeneousSteadyStates(double[] p) {
        double s = p[0] + p[2];
        return List.<double[]>of(new double[] {s / p[1], s * s / (p[1] * p[1] * p[2])});
    }

    @Override
    public ReactionKernel kernel(double[] p, double dt) {
        float a = (float) (p[0] * dt);
        float b = (float) (p[1] * dt);
        float c = (float) (p[2] * dt);
        float fdt = (float) dt;
        return (u, v, lu, lv, uo, vo, off, from, to, cu, cv) -> {
            for (int j = from; j < to; j++) {
                float x = u[off + j];
                float y = v[off + j];
                float x2 = x * x * fdt;
                uo[off + j] = x + cu * lu[j] + a + x2 / Math.max(y, V_FLOOR) - b * x;
                vo[off + j] = y + cv * lv[j] + x2 - c * y;
            }
        };
    }

    @Override
    public double defaultDx() {
        return 1.0;
    }

    @Override
    public int defaultSteps(int size) {
        return 40_000;
    }
}

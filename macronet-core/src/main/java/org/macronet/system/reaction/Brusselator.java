package org.macronet.system.reaction;

import java.util.List;

/**
 * Brusselator: u_t = ∇²u + a − (b + 1)u + u²v, v_t = D∇²v + bu − u²v. Steady state (a, b/a); Turing
 * unstable iff b − 1 &lt; a² and D &gt; a²/(√b − 1)² (7.4641 at a = 2, b = 3).
 */
public final class Brusselator implements ReactionModel {
    public static final String NAME = "brusselator";
    private static final List<Parameter> PARAMETERS = List.of(
            new Parameter("a", 0.01, 20.0, 2.0, "feed of u"),
            new Parameter("b", 0.01, 50.0, 3.0, "conversion rate of u into v"),
            new Parameter("D", 0.01, 200.0, 8.0, "diffusion coefficient of v (that of u is 1)"));

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
        return p[2];
    }

    @Override
    public double f(double u, double v, double[] p) {
        return p[0] - (p[1] + 1) * u + u * u * v;
    }

    @Override
    public double g(double u, double v, double[] p) {
        return p[1] * u - u * u * v;
    }

    @Override
    public double[][] jacobian(double u, double v, double[] p) {
        return new double[][] {{-(p[1] + 1) + 2 * u * v, u * u}, {p[1] - 2 * u * v, -u * u}};
    }

    @Override
    public List<double[]> homogeneousSteadyStates(double[] p) {
        return List.<double[]>of(new double[] {p[0], p[1] / p[0]});
    }

    @Override
    public ReactionKernel kernel(double[] p, double dt) {
        float a = (float) (p[0] * dt);
        float b1 = (float) ((p[1] + 1) * dt);
        float b = (float) (p[1] * dt);
        float fdt = (float) dt;
        return (u, v, lu, lv, uo, vo, off, from, to, cu, cv) -> {
            for (int j = from; j < to; j++) {
                float x = u[off + j];
                float y = v[off + j];
                float r = x * x * y * fdt;
                uo[off + j] = x + cu * lu[j] + a - b1 * x + r;
                vo[off + j] = y + cv * lv[j] + b * x - r;
            }
        };
    }

    @Override
    public double defaultDx() {
        return 0.5;
    }

    @Override
    public int defaultSteps(int size) {
        return 40_000;
    }
}

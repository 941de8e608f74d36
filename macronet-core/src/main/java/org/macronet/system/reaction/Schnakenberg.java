package org.macronet.system.reaction;

import java.util.List;

/**
 * Schnakenberg: u_t = ∇²u + a − u + u²v, v_t = D∇²v + b − u²v. Steady state (a + b, b/(a + b)²);
 * Turing unstable iff D(b − a)/(a + b) − (a + b)² &gt; 2(a + b)√D (requires b &gt; a).
 */
public final class Schnakenberg implements ReactionModel {
    public static final String NAME = "schnakenberg";
    private static final List<Parameter> PARAMETERS = List.of(
            new Parameter("a", 0.0, 10.0, 0.1, "production of u"),
            new Parameter("b", 0.01, 10.0, 0.9, "production of v"),
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
        return p[2];
    }

    @Override
    public double f(double u, double v, double[] p) {
        return p[0] - u + u * u * v;
    }

    @Override
    public double g(double u, double v, double[] p) {
        return p[1] - u * u * v;
    }

    @Override
    public double[][] jacobian(double u, double v, double[] p) {
        return new double[][] {{-1 + 2 * u * v, u * u}, {-2 * u * v, -u * u}};
    }

    @Override
    public List<double[]> homogeneousSteadyStates(double[] p) {
        double s = p[0] + p[1];
        return List.<double[]>of(new double[] {s, p[1] / (s * s)});
    }

    @Override
    public ReactionKernel kernel(double[] p, double dt) {
        float a = (float) (p[0] * dt);
        float b = (float) (p[1] * dt);
        float fdt = (float) dt;
        return (u, v, lu, lv, uo, vo, off, from, to, cu, cv) -> {
            for (int j = from; j < to; j++) {
                float x = u[off + j];
                float y = v[off + j];
                float r = x * x * y * fdt;
                uo[off + j] = x + cu * lu[j] + a - fdt * x + r;
                vo[off + j] = y + cv * lv[j] + b - r;
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

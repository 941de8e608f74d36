package org.macronet.system.reaction;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Gray–Scott: u_t = D_u∇²u − uv² + F(1 − u), v_t = D_v∇²v + uv² − (F + k)v (Pearson 1993), in grid
 * units (dx = 1, dt = 1, D_u = 0.2, D_v = 0.1 by default).
 */
public final class GrayScott implements ReactionModel {
    public static final String NAME = "gray-scott";
    private static final List<Parameter> PARAMETERS = List.of(
            new Parameter("F", 0.0, 0.2, 0.04, "feed rate of u"),
            new Parameter("k", 0.0, 0.2, 0.06, "kill rate of v (removal rate is F + k)"),
            new Parameter("Du", 1e-4, 10.0, 0.2, "diffusion coefficient of u"),
            new Parameter("Dv", 1e-4, 10.0, 0.1, "diffusion coefficient of v"));

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
        return p[2];
    }

    @Override
    public double diffusionV(double[] p) {
        return p[3];
    }

    @Override
    public double f(double u, double v, double[] p) {
        return -u * v * v + p[0] * (1 - u);
    }

    @Override
    public double g(double u, double v, double[] p) {
        return u * v * v - (p[0] + p[1]) * v;
    }

    @Override
    public double[][] jacobian(double u, double v, double[] p) {
        double fk = p[0] + p[1];
        return new double[][] {{-v * v - p[0], -2 * u * v}, {v * v, 2 * u * v - fk}};
    }

    /**
     * The trivial state (1, 0) first, then, below the saddle-node line F ≥ 4(F + k)², the two non-trivial
     * states v = F(1 ± √(1 − 4(F+k)²/F))/(2(F + k)), u = (F + k)/v, the upper (larger v) one first.
     */
    @Override
    public List<double[]> homogeneousSteadyStates(double[] p) {
        double big = p[0];
        double fk = p[0] + p[1];
        List<double[]> states = new ArrayList<>();
        states.add(new double[] {1, 0});
        double disc = 1 - 4 * fk * fk / big;
        if (big > 0 && fk > 0 && disc >= 0) {
            for (double sign : new double[] {1, -1}) {
                double v = big * (1 + sign * Math.sqrt(disc)) / (2 * fk);
                states.add(new double[] {fk / v, v});
                if (disc == 0) {
                    break;
                }
            }
        }
        return states;
    }

    @Override
    public ReactionKernel kernel(double[] p, double dt) {
        float big = (float) (p[0] * dt);
        float fk = (float) ((p[0] + p[1]) * dt);
        float fdt = (float) dt;
        return (u, v, lu, lv, uo, vo, off, from, to, cu, cv) -> {
            for (int j = from; j < to; j++) {
                float a = u[off + j];
                float b = v[off + j];
                float r = a * b * b * fdt;
                uo[off + j] = a + cu * lu[j] - r + big * (1 - a);
                vo[off + j] = b + cv * lv[j] + r - fk * b;
            }
        };
    }

    @Override
    public double defaultDx() {
        return 1.0;
    }

    @Override
    public int defaultSteps(int size) {
        return 10_000;
    }

    /**
     * u = 1, v = 0 with seeded random discs (radius 2–5 cells, about one per 400 cells, at least 3) of
     * u = 1/2, v = 1/4, then ±1 % uniform noise on both species (v kept ≥ 0). The grid is periodic.
     */
    @Override
    public void initialise(float[] u, float[] v, int size, double[] p, SplittableRandom rng) {
        java.util.Arrays.fill(u, 1f);
        java.util.Arrays.fill(v, 0f);
        int discs = Math.max(3, size * size / 400);
        for (int d = 0; d < discs; d++) {
            double cx = rng.nextDouble() * size;
            double cy = rng.nextDouble() * size;
            double r = 2 + 3 * rng.nextDouble();
            int ri = (int) Math.ceil(r);
            for (int dy = -ri; dy <= ri; dy++) {
                for (int dx = -ri; dx <= ri; dx++) {
                    int x = (int) Math.floor(cx) + dx;
                    int y = (int) Math.floor(cy) + dy;
                    double ex = x + 0.5 - cx;
                    double ey = y + 0.5 - cy;
                    if (ex * ex + ey * ey <= r * r) {
                        int i = Math.floorMod(y, size) * size + Math.floorMod(x, size);
                        u[i] = 0.5f;
                        v[i] = 0.25f;
                    }
                }
            }
        }
        for (int i = 0; i < size * size; i++) {
            u[i] += (float) (0.01 * (2 * rng.nextDouble() - 1));
            v[i] = Math.max(0f, v[i] + (float) (0.01 * (2 * rng.nextDouble() - 1)));
        }
    }
}

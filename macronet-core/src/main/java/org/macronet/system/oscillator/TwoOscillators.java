package org.macronet.system.oscillator;

import java.util.List;
import java.util.SplittableRandom;
import org.macronet.data.PairedData;
import org.macronet.random.Seeds;
import org.macronet.system.KnownAnswerSystem;

/**
 * Two independent unit-mass oscillators with incommensurate frequencies ω₁ = 1, ω₂ = √2, energies
 * independent and uniform in [0.5, 2], phases uniform. X = (q1, p1, q2, p2)(t), Y the same at t + τ
 * with τ uniform in [0, 200·2π]: over such a long lag the two phase advances ω₁τ, ω₂τ (mod 2π) are close
 * to independent and uniform, so only the two energies are shared (K = 2). Invariant columns
 * {@code energy1}, {@code energy2}. Exact solution, no integrator.
 */
public final class TwoOscillators implements KnownAnswerSystem {
    static final HarmonicOscillator FIRST = new HarmonicOscillator(1, 1);
    /** κ = 2 at m = 1: ω = √2. */
    static final HarmonicOscillator SECOND = new HarmonicOscillator(1, 2);
    private static final double ENERGY_MIN = 0.5;
    private static final double ENERGY_MAX = 2.0;
    private static final double MAX_LAG = 200 * 2 * Math.PI;

    @Override
    public String name() {
        return "two-oscillators";
    }

    @Override
    public String description() {
        return "two oscillators, omega = 1 and sqrt(2): X = (q1, p1, q2, p2)(t), Y at t + tau, tau uniform in "
                + "[0, 400 pi]; shared: energy1, energy2";
    }

    @Override
    public int invariantCount() {
        return 2;
    }

    @Override
    public List<String> xColumns() {
        return List.of("q1", "p1", "q2", "p2");
    }

    @Override
    public List<String> yColumns() {
        return xColumns();
    }

    @Override
    public List<String> invariantColumns() {
        return List.of("energy1", "energy2");
    }

    /** (energy1, energy2) of an observation (q1, p1, q2, p2). */
    public static double[] invariantsOf(double[] observation) {
        return new double[] {
            FIRST.energy(observation[0], observation[1]), SECOND.energy(observation[2], observation[3]),
        };
    }

    @Override
    public Sample sample(int n, long seed) {
        KnownAnswerSystem.checkPairs(n);
        SplittableRandom rng = Seeds.stream(seed, name() + ".data");
        double[][] x = new double[n][];
        double[][] y = new double[n][];
        double[][] inv = new double[n][];
        for (int i = 0; i < n; i++) {
            double e1 = uniform(rng, ENERGY_MIN, ENERGY_MAX);
            double e2 = uniform(rng, ENERGY_MIN, ENERGY_MAX);
            double phi1 = uniform(rng, -Math.PI, Math.PI);
            double phi2 = uniform(rng, -Math.PI, Math.PI);
            double tau = uniform(rng, 0, MAX_LAG);
            x[i] = observe(e1, phi1, e2, phi2);
            y[i] = observe(e1, phi1 + FIRST.omega() * tau, e2, phi2 + SECOND.omega() * tau);
            inv[i] = new double[] {e1, e2};
        }
        return new Sample(new PairedData(x, y), inv);
    }

    private static double[] observe(double e1, double phase1, double e2, double phase2) {
        double[] a = FIRST.state(e1, phase1);
        double[] b = SECOND.state(e2, phase2);
        return new double[] {a[0], a[1], b[0], b[1]};
    }

    private static double uniform(SplittableRandom rng, double lo, double hi) {
        return lo + (hi - lo) * rng.nextDouble();
    }
}

package org.macronet.system.oscillator;

import java.util.List;
import java.util.SplittableRandom;
import org.macronet.data.PairedData;
import org.macronet.random.Seeds;
import org.macronet.system.KnownAnswerSystem;

/**
 * The pairs of {@link OscillatorPairs} as a known-answer system: X = (q, p)(t), Y = (q, p)(t + τ) with τ
 * uniform over one period, so only the energy is shared (K = 1). Columns of X and Y: {@code q} (position),
 * {@code p} (momentum); invariant column: {@code energy}, the noise-free energy of the pair.
 *
 * <p>With a noise fraction f &gt; 0, Gaussian noise of f times each coordinate's spread (its standard
 * deviation over the sampled orbits) is added to every observed value; the invariant stays the
 * noise-free energy. The noise-free states are those of the noise-free system at the same seed.
 *
 * @param name the id
 * @param pairs the sampler; must be noise-free and observe (q, p)
 * @param noiseFraction observation noise as a fraction of each coordinate's spread, ≥ 0
 */
public record SingleOscillator(String name, OscillatorPairs pairs, double noiseFraction) implements KnownAnswerSystem {

    public SingleOscillator {
        if (pairs.noise() != 0 || pairs.positionOnly()) {
            throw new IllegalArgumentException("the sampler must be noise-free and observe (q, p)");
        }
        if (!(noiseFraction >= 0) || !Double.isFinite(noiseFraction)) {
            throw new IllegalArgumentException("noise fraction must be >= 0, got " + noiseFraction);
        }
    }

    /** {@code oscillator}: the default pairs (m = κ = 1, energy uniform in [0.5, 2]), noise-free. */
    public static SingleOscillator clean() {
        return new SingleOscillator("oscillator", OscillatorPairs.defaults(), 0);
    }

    /** {@code oscillator-noisy}: the default pairs with noise of 10 % of each coordinate's spread. */
    public static SingleOscillator noisy() {
        return new SingleOscillator("oscillator-noisy", OscillatorPairs.defaults(), 0.1);
    }

    @Override
    public String description() {
        String base = "harmonic oscillator: X = (q, p)(t), Y = (q, p)(t + tau), tau uniform over a period; "
                + "shared: energy";
        return noiseFraction == 0 ? base
                : base + "; Gaussian observation noise of " + Math.round(100 * noiseFraction) + " % of each spread";
    }

    @Override
    public int invariantCount() {
        return 1;
    }

    @Override
    public List<String> xColumns() {
        return List.of("q", "p");
    }

    @Override
    public List<String> yColumns() {
        return xColumns();
    }

    @Override
    public List<String> invariantColumns() {
        return List.of("energy");
    }

    /**
     * Standard deviations of q and p over the sampled states. With the energy uniform in [a, b] and the
     * phase uniform, q = A cos θ with E = ½κA² gives Var q = E[A²]/2 = mean(E)/κ, and p = −mωA sin θ
     * gives Var p = m²ω²·mean(E)/κ = m·mean(E).
     */
    public double[] spread() {
        HarmonicOscillator o = pairs.oscillator();
        double meanEnergy = 0.5 * (pairs.energyMin() + pairs.energyMax());
        return new double[] {Math.sqrt(meanEnergy / o.stiffness()), Math.sqrt(o.mass() * meanEnergy)};
    }

    /** The energy of a noise-free observation (q, p). */
    public double energyOf(double[] observation) {
        return pairs.energyOf(observation);
    }

    @Override
    public Sample sample(int n, long seed) {
        KnownAnswerSystem.checkPairs(n);
        OscillatorPairs.Sample s = pairs.sample(n, seed);
        double[][] inv = new double[n][];
        for (int i = 0; i < n; i++) {
            inv[i] = new double[] {s.energy()[i]};
        }
        if (noiseFraction == 0) {
            return new Sample(s.data(), inv);
        }
        // Noise from its own stream, so the noise-free states are those of the clean system at this seed.
        SplittableRandom rng = Seeds.stream(seed, name + ".noise");
        double[] sd = spread();
        double[][] x = new double[n][];
        double[][] y = new double[n][];
        for (int i = 0; i < n; i++) {
            x[i] = addNoise(s.data().x()[i], sd, rng);
            y[i] = addNoise(s.data().y()[i], sd, rng);
        }
        return new Sample(new PairedData(x, y), inv);
    }

    private double[] addNoise(double[] clean, double[] sd, SplittableRandom rng) {
        double[] v = clean.clone();
        for (int j = 0; j < v.length; j++) {
            v[j] += noiseFraction * sd[j] * Seeds.gaussian(rng);
        }
        return v;
    }
}

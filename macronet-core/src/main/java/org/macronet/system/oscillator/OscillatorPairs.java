package org.macronet.system.oscillator;

import java.util.SplittableRandom;
import org.macronet.data.PairedData;
import org.macronet.random.Seeds;

/**
 * Samples pairs X = observation at t, Y = observation at t + τ, with the energy uniform in
 * [energyMin, energyMax], the phase uniform and the lag τ uniform over one period (so that only the
 * energy is shared). An observation is (q, p), or with {@code positionOnly} (q(t), q(t + δ)) with δ a
 * quarter period, which determines the state as well.
 *
 * @param oscillator the system
 * @param energyMin lower end of the energy range, &gt; 0
 * @param energyMax upper end, &gt; energyMin
 * @param noise standard deviation of Gaussian noise added to every observed coordinate, ≥ 0
 * @param positionOnly observe two positions instead of position and momentum
 */
public record OscillatorPairs(HarmonicOscillator oscillator, double energyMin, double energyMax, double noise,
        boolean positionOnly) {

    public OscillatorPairs {
        if (!(energyMin > 0) || !(energyMax > energyMin) || !Double.isFinite(energyMax)) {
            throw new IllegalArgumentException("energy range must satisfy 0 < min < max, got [" + energyMin + ", "
                    + energyMax + "]");
        }
        if (!(noise >= 0) || !Double.isFinite(noise)) {
            throw new IllegalArgumentException("noise must be >= 0, got " + noise);
        }
    }

    public static OscillatorPairs defaults() {
        return new OscillatorPairs(new HarmonicOscillator(1, 1), 0.5, 2.0, 0, false);
    }

    /**
     * Pairs with their ground truth.
     *
     * @param data the observations
     * @param energy true energy of each pair (shared by X and Y)
     * @param phaseX phase angle of X's state
     */
    public record Sample(PairedData data, double[] energy, double[] phaseX) {}

    /** Draws n pairs from the stream (seed, "oscillator.data"). */
    public Sample sample(int n, long seed) {
        if (n < 1) {
            throw new IllegalArgumentException("number of pairs must be >= 1, got " + n);
        }
        SplittableRandom rng = Seeds.stream(seed, "oscillator.data");
        double omega = oscillator.omega();
        double period = oscillator.period();
        double[][] x = new double[n][];
        double[][] y = new double[n][];
        double[] e = new double[n];
        double[] ph = new double[n];
        for (int i = 0; i < n; i++) {
            double energy = energyMin + (energyMax - energyMin) * rng.nextDouble();
            double theta = 2 * Math.PI * rng.nextDouble() - Math.PI;
            double tau = period * rng.nextDouble();
            e[i] = energy;
            ph[i] = theta;
            x[i] = observe(energy, theta, rng);
            y[i] = observe(energy, theta + omega * tau, rng);
        }
        return new Sample(new PairedData(x, y), e, ph);
    }

    private double[] observe(double energy, double theta, SplittableRandom rng) {
        double[] obs;
        if (positionOnly) {
            obs = new double[] {oscillator.state(energy, theta)[0], oscillator.state(energy, theta + Math.PI / 2)[0]};
        } else {
            obs = oscillator.state(energy, theta);
        }
        if (noise > 0) {
            for (int j = 0; j < obs.length; j++) {
                obs[j] += noise * Seeds.gaussian(rng);
            }
        }
        return obs;
    }

    /** True energy of an observation (noise-free observations only). */
    public double energyOf(double[] observation) {
        if (positionOnly) {
            // q(t) = A cos θ, q(t + T/4) = A cos(θ + π/2) = −A sin θ  ⇒  A² = q₁² + q₂².
            double a2 = observation[0] * observation[0] + observation[1] * observation[1];
            return 0.5 * oscillator.stiffness() * a2;
        }
        return oscillator.energy(observation[0], observation[1]);
    }
}

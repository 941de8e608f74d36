package org.macronet.system.mechanics;

import java.util.List;
import java.util.SplittableRandom;
import org.macronet.data.PairedData;
import org.macronet.random.Seeds;
import org.macronet.system.KnownAnswerSystem;

/**
 * The free rigid body with distinct moments I = (1, 2, 3) as a known-answer system: X = body-frame
 * angular momentum L(t) (columns {@code l1}, {@code l2}, {@code l3}), Y = L(t + τ) with τ uniform in
 * [0, 50]. L(0) is a uniformly random direction times a magnitude uniform in [0.5, 1.5]. An orbit is the
 * intersection of the energy ellipsoid with the momentum sphere, so a pair shares two invariants
 * (K = 2): {@code energy} = Σ L_i²/(2 I_i) and {@code l_squared} = |L|², from L(0).
 *
 * <p>Each side is observed up to its sign (X = s L(t), Y = s' L(t + τ), s and s' independent fair ±1):
 * away from the separatrix an orbit is one of two lobes around the long or the short axis, mirror
 * images under L → −L, and which lobe is conserved too (the sign of L1 or L3 never changes). Observed
 * with their signs, the pairs would share a third, discrete quantity, and K = 2 would not be the whole
 * answer; the independent signs take exactly that bit away and leave energy and |L|², which are even.
 */
public final class RigidBodyPairs implements KnownAnswerSystem {
    private static final double MAX_LAG = 50;
    private final FreeRigidBody body = FreeRigidBody.defaults();

    @Override
    public String name() {
        return "rigid-body";
    }

    @Override
    public String description() {
        return "free rigid body, I = (1, 2, 3): X = body-frame angular momentum L(t), Y = L(t + tau), tau uniform "
                + "in [0, 50], each up to a random sign (else the lobe of the orbit is shared too); shared: energy, |L|^2";
    }

    @Override
    public int invariantCount() {
        return 2;
    }

    @Override
    public List<String> xColumns() {
        return List.of("l1", "l2", "l3");
    }

    @Override
    public List<String> yColumns() {
        return xColumns();
    }

    @Override
    public List<String> invariantColumns() {
        return List.of("energy", "l_squared");
    }

    public FreeRigidBody body() {
        return body;
    }

    /** (energy, l_squared) of an observation L. */
    public double[] invariantsOf(double[] l) {
        return new double[] {body.energy(l), FreeRigidBody.lSquared(l)};
    }

    @Override
    public Sample sample(int n, long seed) {
        KnownAnswerSystem.checkPairs(n);
        SplittableRandom rng = Seeds.stream(seed, name() + ".data");
        double[][] x = new double[n][];
        double[][] y = new double[n][];
        double[][] inv = new double[n][];
        for (int i = 0; i < n; i++) {
            double[] l0 = randomDirection(rng);
            double magnitude = 0.5 + rng.nextDouble();
            for (int j = 0; j < 3; j++) {
                l0[j] *= magnitude;
            }
            double tau = MAX_LAG * rng.nextDouble();
            double[] later = body.evolve(l0, tau);
            inv[i] = invariantsOf(l0);
            x[i] = signed(l0, rng.nextBoolean());
            y[i] = signed(later, rng.nextBoolean());
        }
        return new Sample(new PairedData(x, y), inv);
    }

    private static double[] signed(double[] l, boolean flip) {
        return flip ? new double[] {-l[0], -l[1], -l[2]} : l;
    }

    /** A uniformly random unit vector: an isotropic Gaussian, normalised. */
    private static double[] randomDirection(SplittableRandom rng) {
        while (true) {
            double[] g = {Seeds.gaussian(rng), Seeds.gaussian(rng), Seeds.gaussian(rng)};
            double r = Math.sqrt(FreeRigidBody.lSquared(g));
            // Rejecting a (near-)zero draw keeps the direction well defined; it practically never happens.
            if (r > 1e-12) {
                return new double[] {g[0] / r, g[1] / r, g[2] / r};
            }
        }
    }
}

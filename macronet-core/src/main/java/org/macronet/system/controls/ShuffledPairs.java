package org.macronet.system.controls;

import java.util.List;
import java.util.SplittableRandom;
import org.macronet.data.PairedData;
import org.macronet.random.Seeds;
import org.macronet.system.KnownAnswerSystem;

/**
 * Negative control: the pairs of another system with the Y rows randomly permuted, so X and Y keep their
 * marginal distributions (and the columns of the base system) but a pair no longer shares anything
 * (K = 0). The permutation comes from the stream (seed, NAME + ".permutation").
 *
 * @param name the id
 * @param base the system whose pairs are shuffled
 */
public record ShuffledPairs(String name, KnownAnswerSystem base) implements KnownAnswerSystem {

    @Override
    public String description() {
        return "negative control: the " + base.name() + " pairs with the Y rows randomly permuted; nothing shared";
    }

    @Override
    public int invariantCount() {
        return 0;
    }

    @Override
    public List<String> xColumns() {
        return base.xColumns();
    }

    @Override
    public List<String> yColumns() {
        return base.yColumns();
    }

    @Override
    public List<String> invariantColumns() {
        return List.of();
    }

    @Override
    public Sample sample(int n, long seed) {
        KnownAnswerSystem.checkPairs(n);
        PairedData d = base.sample(n, seed).data();
        SplittableRandom rng = Seeds.stream(seed, name + ".permutation");
        int[] perm = Seeds.permutation(n, rng);
        double[][] y = new double[n][];
        for (int i = 0; i < n; i++) {
            y[i] = d.y()[perm[i]];
        }
        return new Sample(new PairedData(d.x(), y), new double[n][0]);
    }
}

package org.macronet.system.catalog;

import org.macronet.system.KnownAnswerSystem;

import java.util.List;
import java.util.stream.Collectors;
import org.macronet.system.controls.IndependentGaussians;
import org.macronet.system.controls.MixingLag;
import org.macronet.system.controls.ShuffledPairs;
import org.macronet.system.mechanics.RigidBodyPairs;
import org.macronet.system.oscillator.IsotropicOscillator;
import org.macronet.system.oscillator.SingleOscillator;
import org.macronet.system.oscillator.TwoOscillators;

/** Every {@link KnownAnswerSystem}, by name: the positive systems (K ≥ 1) first, then the negative controls. */
public final class KnownAnswerSystems {
    private static final List<KnownAnswerSystem> ALL = List.of(
            SingleOscillator.clean(),
            SingleOscillator.noisy(),
            new TwoOscillators(),
            new IsotropicOscillator(),
            new RigidBodyPairs(),
            new IndependentGaussians(),
            new MixingLag(),
            new ShuffledPairs("oscillator-shuffled", SingleOscillator.clean()));

    private KnownAnswerSystems() {}

    public static List<KnownAnswerSystem> all() {
        return ALL;
    }

    /** The system with this name; an unknown name is an {@link IllegalArgumentException} listing the valid ones. */
    public static KnownAnswerSystem byName(String name) {
        for (KnownAnswerSystem s : ALL) {
            if (s.name().equals(name)) {
                return s;
            }
        }
        throw new IllegalArgumentException("unknown system '" + name + "' (valid: "
                + ALL.stream().map(KnownAnswerSystem::name).collect(Collectors.joining(", ")) + ")");
    }
}

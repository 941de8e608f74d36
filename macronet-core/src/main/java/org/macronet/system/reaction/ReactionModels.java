package org.macronet.system.reaction;

import java.util.List;

/** The registry of models by command-line name. */
public final class ReactionModels {
    private static final List<ReactionModel> ALL = List.of(
            new GrayScott(), new Brusselator(), new Schnakenberg(), new GiererMeinhardt());

    private ReactionModels() {}

    /** Every model, in a fixed order. */
    public static List<ReactionModel> all() {
        return ALL;
    }

    /** Command-line names of every model. */
    public static List<String> names() {
        return ALL.stream().map(ReactionModel::name).toList();
    }

    /** The model called {@code name}; IllegalArgumentException listing the valid names otherwise. */
    public static ReactionModel byName(String name) {
        return ALL.stream().filter(m -> m.name().equals(name)).findFirst().orElseThrow(() ->
                new IllegalArgumentException("unknown model '" + name + "'; valid: " + String.join(", ", names())));
    }
}

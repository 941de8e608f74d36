package org.macronet.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.util.Map;
import org.macronet.system.reaction.ReactionModel;
import org.macronet.system.reaction.ReactionModels;
import org.macronet.system.reaction.SweepConfig;

/** Helpers shared by the reaction–diffusion commands. */
final class ReactionOptions {
    static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
    static final String MODELS = "gray-scott, brusselator, schnakenberg, gierer-meinhardt";

    private ReactionOptions() {}

    static ReactionModel model(String name) {
        return ReactionModels.byName(name);
    }

    /** NaN and infinities become JSON null. */
    static Double num(double x) {
        return Double.isFinite(x) ? x : null;
    }

    /** Parses {@code NAME=LO:HI} entries (picocli has split at '=') into name → {lo, hi}. */
    static Map<String, double[]> ranges(Map<String, String> raw) {
        return SweepConfig.parseRanges(raw);
    }
}

package org.macronet.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.util.LinkedHashMap;
import java.util.Map;
import org.macronet.system.reaction.ReactionModel;
import org.macronet.system.reaction.ReactionModels;

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
        Map<String, double[]> out = new LinkedHashMap<>();
        if (raw == null) {
            return out;
        }
        raw.forEach((name, spec) -> {
            String[] parts = spec.split(":");
            if (parts.length != 2) {
                throw new IllegalArgumentException("range " + name + "=" + spec + " must read NAME=LO:HI");
            }
            try {
                out.put(name, new double[] {Double.parseDouble(parts[0].strip()), Double.parseDouble(parts[1].strip())});
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("range " + name + "=" + spec + " has a bound that is not a number");
            }
        });
        return out;
    }
}

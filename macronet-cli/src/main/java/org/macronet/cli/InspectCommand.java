package org.macronet.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.macronet.macro.MacroNet;
import org.macronet.macro.MacroNetConfig;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** `macronet inspect`: what a model folder holds. */
@Command(name = "inspect", mixinStandardHelpOptions = true,
        description = "Describe a model: sides, dimensions, macrostate dimension, training data, metrics, version.")
public final class InspectCommand implements Callable<Integer> {

    @Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Option(names = "--model", required = true, paramLabel = "MODEL", description = "model folder written by train")
    Path model;

    @Option(names = "--json", description = "print model.json as it is")
    boolean json;

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        // Loading validates the whole folder (format, version, weights) before anything is printed.
        try (MacroNet net = MacroNet.load(model)) {
            JsonNode meta = Json.MAPPER.readTree(model.resolve("model.json").toFile());
            if (json) {
                out.println(Json.MAPPER.writeValueAsString(meta));
                return 0;
            }
            MacroNetConfig c = net.config();
            out.printf("model      %s%n", model);
            out.printf("version    MacroNet %s (%s)%n", meta.path("version").asText(), meta.path("engine").asText());
            out.printf("macrostate K = %d%n", c.macroDims());
            JsonNode data = meta.path("data");
            for (String s : new String[] {"x", "y"}) {
                JsonNode d = data.path(s);
                out.printf("side %s     D = %d  columns %s  from %s%n", s.toUpperCase(java.util.Locale.ROOT),
                        s.equals("x") ? c.dimX() : c.dimY(), d.path("columns").isMissingNode() ? "?" : d.path("columns"),
                        d.path("file").asText("?"));
            }
            if (data.has("rows")) {
                out.printf("rows       %d%n", data.path("rows").asInt());
            }
            out.printf("network    %s per side, %d trainable parameters%n", c.flowX(), net.parameterCount());
            out.printf("training   %s, seed %d%n", c.training(), c.seed());
            Path metrics = model.resolve("metrics.json");
            if (Files.isRegularFile(metrics)) {
                out.println("metrics");
                JsonNode m = Json.MAPPER.readTree(metrics.toFile());
                m.fields().forEachRemaining(e -> {
                    if (e.getValue().isValueNode()) {
                        out.printf("  %-22s %s%n", e.getKey(), e.getValue().asText());
                    }
                });
                JsonNode evidence = m.path("evidence");
                if (evidence.isObject()) {
                    out.printf(java.util.Locale.ROOT, "evidence   %d held-out pairs, %d shuffled pairings; relative "
                                    + "mismatch %.4g, p %.3g%n", evidence.path("rows").asInt(),
                            evidence.path("permutations").asInt(), evidence.path("relative_mismatch").asDouble(),
                            evidence.path("p_value").asDouble());
                    for (JsonNode coord : evidence.path("coordinates")) {
                        out.printf(java.util.Locale.ROOT, "  m%d  Spearman %.4f  z %.1f  p %.3g  %s%n",
                                coord.path("coordinate").asInt() + 1, coord.path("spearman").asDouble(), coord.path("z").asDouble(),
                                coord.path("p_value").asDouble(), coord.path("shared").asBoolean() ? "shared" : "NO EVIDENCE");
                    }
                }
            }
        }
        return 0;
    }
}

package org.macronet.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.macronet.data.Table;
import org.macronet.macro.MacroNet;
import org.macronet.macro.Side;

/** What a model folder says beyond the network: the column names of the data it was trained on. */
final class ModelInfo {
    private ModelInfo() {}

    /** Column names of one side as stored at training time, or {@code x1..xD} / {@code y1..yD}. */
    static List<String> columns(Path model, MacroNet net, Side side) {
        String s = side == Side.X ? "x" : "y";
        int d = net.config().dim(side);
        try {
            JsonNode cols = Json.MAPPER.readTree(model.resolve("model.json").toFile()).path("data").path(s).path("columns");
            if (cols.isArray() && cols.size() == d) {
                List<String> names = new ArrayList<>();
                cols.forEach(c -> names.add(c.asText()));
                return names;
            }
        } catch (IOException e) {
            // load() has read this file already; fall back to generic names
        }
        return Table.names(s, d);
    }

    /** Checks that a table has the columns of a side of the model. */
    static void checkColumns(Path file, Table t, MacroNet net, Side side) {
        int d = net.config().dim(side);
        if (t.columnCount() != d) {
            throw new IllegalArgumentException(file + " has " + t.columnCount() + " columns, the model's "
                    + side.name() + " side has " + d);
        }
    }
}

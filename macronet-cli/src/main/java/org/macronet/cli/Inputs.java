package org.macronet.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import org.macronet.data.Table;

/** Reading user tables and guarding output files, shared by the commands on user data. */
final class Inputs {
    /** Fewest paired rows `train` accepts: fewer cannot fill a validation split and a few batches. */
    static final int MIN_ROWS = 32;

    private Inputs() {}

    /**
     * Reads a table of one side; columns of a .npy file are named {@code x1..xD} or {@code y1..yD}
     * (a .csv file keeps its header).
     */
    static Table read(Path file, String side) throws IOException {
        Table t = Table.read(file);
        if (file.toString().toLowerCase(Locale.ROOT).endsWith(".npy")) {
            return new Table(Table.names(side, t.columnCount()), t.rows());
        }
        return t;
    }

    /** Refuses an unsupported extension, or an existing output without --force, before any work is done. */
    static void checkOutputFile(Path out, boolean force) {
        String lower = out.toString().toLowerCase(Locale.ROOT);
        if (!lower.endsWith(".npy") && !lower.endsWith(".csv")) {
            throw new IllegalArgumentException("output " + out + ": unsupported file type (use .npy or .csv)");
        }
        if (Files.exists(out) && !force) {
            throw new IllegalArgumentException("output " + out + " already exists (use --force to replace it)");
        }
        if (Files.isDirectory(out)) {
            throw new IllegalArgumentException("output " + out + " is a folder");
        }
    }
}

package org.macronet.system.reaction;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.zip.CRC32;
import org.macronet.Version;
import org.macronet.data.AtomicFiles;
import org.macronet.data.Npy;
import org.macronet.system.pattern.Morphology;
import org.macronet.system.pattern.PatternAnalyzer;
import org.macronet.system.pattern.PatternDescriptors;

/**
 * Runs a {@link SweepConfig} into a folder, resumably.
 *
 * <p>Each finished sample is appended, as one checksummed record (index, run summary, descriptors and the v
 * field), to {@code sweep.journal} and synced to disk before the next one is reported. A rerun with the same
 * configuration reads the journal, drops a torn last record (a crash mid-write), and simulates only the
 * missing samples; with another configuration it refuses. When every sample is in, the outputs are written
 * atomically in index order: {@code params.npy} [N, P] float64 with {@code params.json} (names),
 * {@code patterns.npy} [N, size, size] float32 (the v field), {@code descriptors.csv}; then the journal is
 * deleted. Outputs depend only on the configuration, never on threads or interruptions.
 */
public final class Sweep {
    /** The journal file name inside the output folder. */
    public static final String JOURNAL = "sweep.journal";
    private static final int MAGIC = 0x5257_4A31; // "RWJ1"
    private static final int DESCRIPTOR_DOUBLES = 9;
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    /** Progress of a sweep; called from worker threads. */
    public interface Listener {
        /** Before simulating: {@code done} samples of {@code total} are already in the journal. */
        default void started(int total, int done) {}

        /** After sample {@code index} is safely in the journal; {@code done} counts all finished samples. */
        default void sampleDone(int index, int done, int total) {}
    }

    /** How a run ended. */
    public record Summary(int total, int resumed, int simulated, double seconds) {}

    private final SweepConfig config;
    private final Path dir;
    private final int recordBytes;

    public Sweep(SweepConfig config, Path dir) {
        this.config = config;
        this.dir = dir;
        int n2 = config.size() * config.size();
        this.recordBytes = 4 * 4 + 8 * DESCRIPTOR_DOUBLES + 4 * n2 + 8;
    }

    /**
     * Runs (or resumes, or finds complete) the sweep with {@code threads} workers.
     *
     * @throws IllegalArgumentException if the folder holds a sweep with another configuration
     */
    public Summary run(int threads, Listener listener) throws IOException {
        long t0 = System.nanoTime();
        Files.createDirectories(dir);
        Map<String, Object> identity = config.describe();
        Path configFile = dir.resolve("config.json");
        if (Files.exists(configFile)) {
            JsonNode old = JSON.readTree(configFile.toFile()).path("sweep");
            JsonNode now = JSON.readTree(JSON.writeValueAsString(identity)); // same number types as the file
            if (!old.equals(now)) {
                throw new IllegalArgumentException(dir + " holds a sweep with another configuration ("
                        + difference(old, now) + "); use another --out folder, or delete " + configFile);
            }
        } else {
            Map<String, Object> c = new LinkedHashMap<>();
            c.put("command", "sweep");
            c.put("version", Version.VERSION);
            c.put("sweep", identity);
            AtomicFiles.writeString(configFile, JSON.writeValueAsString(c));
        }
        int total = config.samples();
        Path journal = dir.resolve(JOURNAL);
        if (!Files.exists(journal) && Files.exists(dir.resolve("patterns.npy"))
                && Files.exists(dir.resolve("descriptors.csv"))) {
            listener.started(total, total);
            return new Summary(total, total, 0, (System.nanoTime() - t0) * 1e-9);
        }
        long[] offsets = scanJournal(journal, total);
        List<Integer> todo = new ArrayList<>();
        for (int i = 0; i < total; i++) {
            if (offsets[i] < 0) {
                todo.add(i);
            }
        }
        int resumed = total - todo.size();
        listener.started(total, resumed);
        if (!todo.isEmpty()) {
            try (RandomAccessFile out = new RandomAccessFile(journal.toFile(), "rw");
                    BatchRunner runner = new BatchRunner(threads)) {
                out.seek(out.length());
                int[] done = {resumed};
                runner.map(todo.size(), j -> {
                    int index = todo.get(j);
                    SimulationResult r = ExplicitEulerSimulator.run(config.simulation(index));
                    return record(index, r);
                }, (j, rec) -> {
                    int d;
                    synchronized (out) {
                        try {
                            out.write(rec);
                            out.getFD().sync();
                        } catch (IOException e) {
                            throw new java.io.UncheckedIOException(e);
                        }
                        d = ++done[0];
                    }
                    listener.sampleDone(todo.get(j), d, total);
                });
            } catch (java.io.UncheckedIOException e) {
                throw e.getCause();
            }
            offsets = scanJournal(journal, total);
        }
        writeOutputs(journal, offsets);
        Files.delete(journal);
        return new Summary(total, resumed, todo.size(), (System.nanoTime() - t0) * 1e-9);
    }

    /** One journal record: magic, index, steps, flags, descriptors, field, CRC32 of everything before it. */
    private byte[] record(int index, SimulationResult r) {
        PatternDescriptors d = PatternAnalyzer.describe(r.v(), r.size()); // "diverged" if v is not finite
        ByteBuffer b = ByteBuffer.allocate(recordBytes).order(ByteOrder.LITTLE_ENDIAN);
        b.putInt(MAGIC).putInt(index).putInt(r.steps()).putInt((r.stoppedEarly() ? 1 : 0) | (r.diverged() ? 2 : 0));
        b.putDouble(d.patterned() ? 1 : 0).putDouble(d.wavelength()).putDouble(d.morphology().ordinal())
                .putDouble(d.coverage()).putDouble(d.mean()).putDouble(d.std()).putDouble(d.highComponents())
                .putDouble(d.lowComponents()).putDouble(d.coherence());
        for (float x : r.v()) {
            b.putFloat(x);
        }
        CRC32 crc = new CRC32();
        crc.update(b.array(), 0, recordBytes - 8);
        b.putLong(crc.getValue());
        return b.array();
    }

    /**
     * Offsets of the first valid record of every sample (−1: missing). Stops at the first invalid record and
     * truncates the journal there, so that appends continue after the last good record.
     */
    private long[] scanJournal(Path journal, int total) throws IOException {
        long[] offsets = new long[total];
        java.util.Arrays.fill(offsets, -1);
        if (!Files.exists(journal)) {
            return offsets;
        }
        try (RandomAccessFile in = new RandomAccessFile(journal.toFile(), "rw")) {
            long len = in.length();
            long pos = 0;
            byte[] buf = new byte[recordBytes];
            while (pos + recordBytes <= len) {
                in.seek(pos);
                in.readFully(buf);
                ByteBuffer b = ByteBuffer.wrap(buf).order(ByteOrder.LITTLE_ENDIAN);
                CRC32 crc = new CRC32();
                crc.update(buf, 0, recordBytes - 8);
                int index = b.getInt(4);
                if (b.getInt(0) != MAGIC || b.getLong(recordBytes - 8) != crc.getValue() || index < 0
                        || index >= total) {
                    break;
                }
                if (offsets[index] < 0) {
                    offsets[index] = pos;
                }
                pos += recordBytes;
            }
            if (pos < len) {
                in.setLength(pos);
            }
        }
        return offsets;
    }

    private void writeOutputs(Path journal, long[] offsets) throws IOException {
        int total = config.samples();
        int n = config.size();
        ReactionModel m = config.model();
        int pCount = m.parameters().size();
        double[] params = new double[total * pCount];
        for (int i = 0; i < total; i++) {
            System.arraycopy(config.parameters(i), 0, params, i * pCount, pCount);
        }
        Npy.writeFloat64(dir.resolve("params.npy"), new int[] {total, pCount}, params);
        Map<String, Object> names = new LinkedHashMap<>();
        names.put("model", m.name());
        names.put("columns", m.parameterNames());
        names.put("swept", config.sweptNames());
        AtomicFiles.writeString(dir.resolve("params.json"), JSON.writeValueAsString(names));

        StringBuilder csv = new StringBuilder("index");
        for (String name : m.parameterNames()) {
            csv.append(',').append(name);
        }
        csv.append(",patterned,wavelength,morphology,coverage,mean,std,high_components,low_components,coherence,"
                + "linear_turing_unstable,linear_wavelength,steps,stopped_early,diverged\n");
        try (RandomAccessFile in = new RandomAccessFile(journal.toFile(), "r")) {
            byte[] buf = new byte[recordBytes];
            AtomicFiles.write(dir.resolve("patterns.npy"), out -> {
                Npy.writeHeader(out, "<f4", new int[] {total, n, n});
                for (int i = 0; i < total; i++) {
                    in.seek(offsets[i]);
                    in.readFully(buf);
                    out.write(buf, 16 + 8 * DESCRIPTOR_DOUBLES, 4 * n * n);
                    ByteBuffer b = ByteBuffer.wrap(buf).order(ByteOrder.LITTLE_ENDIAN);
                    appendCsvRow(csv, i, b);
                }
            });
        }
        AtomicFiles.writeString(dir.resolve("descriptors.csv"), csv.toString());
    }

    private void appendCsvRow(StringBuilder csv, int i, ByteBuffer b) {
        double[] p = config.parameters(i);
        csv.append(i);
        for (double x : p) {
            csv.append(',').append(x);
        }
        int steps = b.getInt(8);
        int flags = b.getInt(12);
        double[] d = new double[DESCRIPTOR_DOUBLES];
        for (int k = 0; k < d.length; k++) {
            d[k] = b.getDouble(16 + 8 * k);
        }
        LinearStability.Result lin = LinearStability.analyse(config.model(), p);
        double linWl = lin.criticalWavelength() / config.dx();
        csv.append(',').append(d[0] != 0)
                .append(',').append(num(d[1]))
                .append(',').append(Morphology.values()[(int) d[2]].label())
                .append(',').append(num(d[3]))
                .append(',').append(num(d[4]))
                .append(',').append(num(d[5]))
                .append(',').append((int) d[6])
                .append(',').append((int) d[7])
                .append(',').append(num(d[8]))
                .append(',').append(lin.turingUnstable())
                .append(',').append(num(linWl))
                .append(',').append(steps)
                .append(',').append((flags & 1) != 0)
                .append(',').append((flags & 2) != 0)
                .append('\n');
    }

    private static String num(double x) {
        return Double.isNaN(x) ? "" : String.format(Locale.ROOT, "%.6g", x);
    }

    private static String difference(JsonNode old, JsonNode now) {
        List<String> diffs = new ArrayList<>();
        now.fieldNames().forEachRemaining(k -> {
            if (!now.get(k).equals(old.get(k))) {
                diffs.add(k + " " + old.get(k) + " → " + now.get(k));
            }
        });
        return diffs.isEmpty() ? "different fields" : String.join(", ", diffs);
    }
}

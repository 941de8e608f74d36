package org.macronet.system.reaction;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
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
 * The one home of a sweep's file format, shared by every runner of a {@link SweepConfig} (the local
 * {@link Sweep} with its journal, the Spark job with its shards), so that they all write the same bytes.
 *
 * <p>A finished sample is a fixed-size little-endian <em>record</em>: magic, index, steps, flags, the pattern
 * descriptors, the v field, and a CRC32 of everything before it. The outputs are built from the records in
 * index order: {@code params.npy} [N, P] float64 with {@code params.json} (names), {@code patterns.npy}
 * [N, size, size] float32 (the v field) and {@code descriptors.csv}; {@code config.json} holds the sweep's
 * identity, which a resumed run must match.
 */
public final class SweepRecords {
    /** The output files of a finished sweep, besides config.json, in the order they are written. */
    public static final List<String> OUTPUTS = List.of("params.npy", "params.json", "patterns.npy", "descriptors.csv");

    private static final int MAGIC = 0x5257_4A31; // "RWJ1"
    private static final int DESCRIPTOR_DOUBLES = 9;
    private static final int FIELD_OFFSET = 16 + 8 * DESCRIPTOR_DOUBLES;
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    /** Where output files go: {@code writer} produces the whole file, which then appears at once (atomically). */
    @FunctionalInterface
    public interface Sink {
        void write(String name, AtomicFiles.Writer writer) throws IOException;
    }

    /** Reads the record of sample {@code index} into {@code buf}; called for indices 0, 1, …, N−1 in turn. */
    @FunctionalInterface
    public interface Source {
        void read(int index, byte[] buf) throws IOException;
    }

    private final SweepConfig config;
    private final int recordBytes;

    public SweepRecords(SweepConfig config) {
        this.config = config;
        this.recordBytes = FIELD_OFFSET + 4 * config.size() * config.size() + 8;
    }

    public SweepConfig config() {
        return config;
    }

    /** Bytes of one record. */
    public int recordBytes() {
        return recordBytes;
    }

    /** Simulates sample {@code index} exactly as the configuration describes it, and encodes the result. */
    public byte[] simulate(int index) {
        return encode(index, ExplicitEulerSimulator.run(config.simulation(index)));
    }

    /** The record of sample {@code index}: magic, index, steps, flags, descriptors, field, CRC32. */
    public byte[] encode(int index, SimulationResult r) {
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
     * The sample index of the record at {@code buf[off .. off + recordBytes)}, or −1 when those bytes are no
     * intact record of this sweep (wrong magic, checksum, or an index outside 0..N−1).
     */
    public int indexOf(byte[] buf, int off) {
        ByteBuffer b = ByteBuffer.wrap(buf, off, recordBytes).order(ByteOrder.LITTLE_ENDIAN);
        CRC32 crc = new CRC32();
        crc.update(buf, off, recordBytes - 8);
        int index = b.getInt(off + 4);
        if (b.getInt(off) != MAGIC || b.getLong(off + recordBytes - 8) != crc.getValue() || index < 0
                || index >= config.samples()) {
            return -1;
        }
        return index;
    }

    /** The content of {@code config.json}: command, version and the sweep's identity. */
    public String configJson() throws IOException {
        Map<String, Object> c = new LinkedHashMap<>();
        c.put("command", "sweep");
        c.put("version", Version.VERSION);
        c.put("sweep", config.describe());
        return JSON.writeValueAsString(c);
    }

    /**
     * Null when {@code configJson} (the text of a config.json) describes this sweep; otherwise what differs,
     * in words ("samples 3 → 4").
     */
    public String mismatch(String configJson) throws IOException {
        JsonNode old = JSON.readTree(configJson).path("sweep");
        JsonNode now = JSON.readTree(JSON.writeValueAsString(config.describe())); // same number types as the file
        if (old.equals(now)) {
            return null;
        }
        List<String> diffs = new ArrayList<>();
        now.fieldNames().forEachRemaining(k -> {
            if (!now.get(k).equals(old.get(k))) {
                diffs.add(k + " " + old.get(k) + " → " + now.get(k));
            }
        });
        return diffs.isEmpty() ? "different fields" : String.join(", ", diffs);
    }

    /**
     * Writes {@link #OUTPUTS} from the records of samples 0..N−1 (read once, in index order, streaming: nothing
     * of size N·field is held in memory). patterns.npy appears before descriptors.csv, so a folder holding
     * both is complete.
     */
    public void writeOutputs(Source source, Sink sink) throws IOException {
        int total = config.samples();
        int n = config.size();
        ReactionModel m = config.model();
        int pCount = m.parameters().size();
        double[] params = new double[total * pCount];
        for (int i = 0; i < total; i++) {
            System.arraycopy(config.parameters(i), 0, params, i * pCount, pCount);
        }
        sink.write("params.npy", out -> Npy.writeFloat64(out, new int[] {total, pCount}, params));
        Map<String, Object> names = new LinkedHashMap<>();
        names.put("model", m.name());
        names.put("columns", m.parameterNames());
        names.put("swept", config.sweptNames());
        byte[] namesJson = JSON.writeValueAsString(names).getBytes(StandardCharsets.UTF_8);
        sink.write("params.json", out -> out.write(namesJson));

        sink.write("descriptors.csv", csvOut -> {
            Writer csv = new BufferedWriter(new OutputStreamWriter(csvOut, StandardCharsets.UTF_8), 1 << 16);
            csv.write("index");
            for (String name : m.parameterNames()) {
                csv.write(',');
                csv.write(name);
            }
            csv.write(",patterned,wavelength,morphology,coverage,mean,std,high_components,low_components,coherence,"
                    + "linear_turing_unstable,linear_wavelength,steps,stopped_early,diverged\n");
            byte[] buf = new byte[recordBytes];
            StringBuilder row = new StringBuilder();
            sink.write("patterns.npy", out -> {
                Npy.writeHeader(out, "<f4", new int[] {total, n, n});
                for (int i = 0; i < total; i++) {
                    source.read(i, buf);
                    if (indexOf(buf, 0) != i) {
                        throw new IOException("the record read for sample " + i + " is not intact or not sample " + i);
                    }
                    out.write(buf, FIELD_OFFSET, 4 * n * n);
                    row.setLength(0);
                    appendCsvRow(row, i, ByteBuffer.wrap(buf).order(ByteOrder.LITTLE_ENDIAN));
                    csv.append(row);
                }
            });
            csv.flush();
        });
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
}

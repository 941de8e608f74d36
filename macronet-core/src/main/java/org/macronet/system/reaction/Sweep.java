package org.macronet.system.reaction;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.macronet.data.AtomicFiles;

/**
 * Runs a {@link SweepConfig} into a folder, resumably.
 *
 * <p>Each finished sample is appended, as one checksummed record ({@link SweepRecords}: index, run summary,
 * descriptors and the v field), to {@code sweep.journal} and synced to disk before the next one is reported. A
 * rerun with the same configuration reads the journal, drops a torn last record (a crash mid-write), and
 * simulates only the missing samples; with another configuration it refuses. When every sample is in, the
 * outputs are written atomically in index order: {@code params.npy} [N, P] float64 with {@code params.json}
 * (names), {@code patterns.npy} [N, size, size] float32 (the v field), {@code descriptors.csv}; then the journal
 * is deleted. Outputs depend only on the configuration, never on threads or interruptions.
 */
public final class Sweep {
    /** The journal file name inside the output folder. */
    public static final String JOURNAL = "sweep.journal";

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
    private final SweepRecords records;
    private final int recordBytes;

    public Sweep(SweepConfig config, Path dir) {
        this.config = config;
        this.dir = dir;
        this.records = new SweepRecords(config);
        this.recordBytes = records.recordBytes();
    }

    /**
     * Runs (or resumes, or finds complete) the sweep with {@code threads} workers.
     *
     * @throws IllegalArgumentException if the folder holds a sweep with another configuration
     */
    public Summary run(int threads, Listener listener) throws IOException {
        long t0 = System.nanoTime();
        Files.createDirectories(dir);
        Path configFile = dir.resolve("config.json");
        if (Files.exists(configFile)) {
            String difference = records.mismatch(Files.readString(configFile));
            if (difference != null) {
                throw new IllegalArgumentException(dir + " holds a sweep with another configuration ("
                        + difference + "); use another folder, or delete " + configFile);
            }
        } else {
            AtomicFiles.writeString(configFile, records.configJson());
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
                runner.map(todo.size(), j -> records.simulate(todo.get(j)), (j, rec) -> {
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
        long[] found = offsets;
        try (RandomAccessFile in = new RandomAccessFile(journal.toFile(), "r")) {
            records.writeOutputs((i, buf) -> {
                in.seek(found[i]);
                in.readFully(buf);
            }, (name, writer) -> AtomicFiles.write(dir.resolve(name), writer));
        }
        Files.delete(journal);
        return new Summary(total, resumed, todo.size(), (System.nanoTime() - t0) * 1e-9);
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
                int index = records.indexOf(buf, 0);
                if (index < 0) {
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
}

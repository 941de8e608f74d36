package org.macronet.spark;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.Closeable;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.FileNotFoundException;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.ChecksumFileSystem;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.macronet.system.reaction.SweepRecords;

/**
 * The shards of a sweep in a folder of any Hadoop file system (file://, hdfs://, s3a://, …).
 *
 * <p>Shard k holds the records ({@link SweepRecords}) of samples [k·S, min(N, (k+1)·S)) in index order,
 * after a header: magic, format, the sweep's fingerprint (so that a shard of another sweep is never
 * reused), first index, count, record size. A shard is written under a temporary name unique to its task
 * attempt and renamed when complete, so a file with the final name is a whole shard; a failed, killed or
 * duplicate (speculative) attempt leaves at most a temporary file, never a partial shard.
 */
final class ShardStore {
    static final int HEADER_BYTES = 28;
    private static final int MAGIC = 0x4D4E_5348; // "MNSH"
    private static final int FORMAT = 1;

    /** Samples [first, first + count) of shard {@code number}. */
    record Shard(int number, int first, int count) {
        String name() {
            return String.format(Locale.ROOT, "shard-%09d-%09d.bin", first, first + count);
        }
    }

    private final FileSystem fs;
    private final Path dir;
    private final int recordBytes;
    private final long fingerprint;

    ShardStore(FileSystem fs, Path dir, int recordBytes, long fingerprint) {
        this.fs = fs;
        this.dir = dir;
        this.recordBytes = recordBytes;
        this.fingerprint = fingerprint;
    }

    /**
     * The file system of {@code path}. Hadoop's local file system writes a hidden .crc file next to every
     * file; its raw form writes only the file itself, so that a folder holds exactly the sweep's files.
     */
    static FileSystem fileSystem(Path path, Configuration conf) throws IOException {
        FileSystem fs = path.getFileSystem(conf);
        return fs instanceof ChecksumFileSystem c ? c.getRawFileSystem() : fs;
    }

    /** The first 8 bytes of SHA-256 of the sweep's config.json: two sweeps share it only when identical. */
    static long fingerprint(String configJson) {
        try {
            byte[] h = MessageDigest.getInstance("SHA-256").digest(configJson.getBytes(StandardCharsets.UTF_8));
            return ByteBuffer.wrap(h).getLong();
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Shards of {@code shardSamples} samples (the last one may be shorter) covering samples 0..N−1. */
    static List<Shard> plan(int samples, int shardSamples) {
        List<Shard> out = new ArrayList<>();
        for (int first = 0, k = 0; first < samples; first += shardSamples, k++) {
            out.add(new Shard(k, first, Math.min(shardSamples, samples - first)));
        }
        return out;
    }

    Path path(Shard s) {
        return new Path(dir, s.name());
    }

    /** Whether the shard is there, whole, and of this sweep (its length and header; records are checked on merging). */
    boolean isComplete(Shard s) throws IOException {
        FileStatus st;
        try {
            st = fs.getFileStatus(path(s));
        } catch (FileNotFoundException e) {
            return false;
        }
        if (!st.isFile() || st.getLen() != HEADER_BYTES + (long) s.count() * recordBytes) {
            return false;
        }
        byte[] h = new byte[HEADER_BYTES];
        try (DataInputStream in = new DataInputStream(fs.open(path(s)))) {
            in.readFully(h);
        } catch (EOFException e) {
            return false;
        }
        return ByteBuffer.wrap(h).equals(ByteBuffer.wrap(header(s)));
    }

    /**
     * Writes the shard: its records, from {@code records}, go to a temporary file named after {@code attempt},
     * which is renamed to the shard's name once complete. Should another attempt have finished the same shard
     * first, its file (the same bytes) is kept. On failure the temporary file is removed.
     *
     * @param beforeRecord called before the j-th record of the shard is made (j = 0, 1, …): it may throw to
     *     abandon the attempt (a cancelled task)
     */
    void write(Shard s, java.util.function.IntFunction<byte[]> records, String attempt,
            java.util.function.IntConsumer beforeRecord) throws IOException {
        Path target = path(s);
        Path tmp = new Path(dir, "." + s.name() + "." + attempt + ".tmp");
        boolean done = false;
        try {
            try (OutputStream out = new BufferedOutputStream(fs.create(tmp, true), 1 << 16)) {
                out.write(header(s));
                for (int j = 0; j < s.count(); j++) {
                    beforeRecord.accept(j);
                    byte[] r = records.apply(s.first() + j);
                    if (r.length != recordBytes) {
                        throw new IllegalStateException("record of " + r.length + " bytes, expected " + recordBytes);
                    }
                    out.write(r);
                }
            }
            if (!fs.rename(tmp, target) && !isComplete(s)) {
                throw new IOException("could not rename " + tmp + " to " + target);
            }
            done = true;
        } finally {
            if (!done || fs.exists(tmp)) {
                deleteQuietly(tmp);
            }
        }
    }

    /** Removes temporary files that failed or killed attempts left behind. */
    int deleteTemporaries() throws IOException {
        int n = 0;
        for (FileStatus st : fs.listStatus(dir)) {
            String name = st.getPath().getName();
            if (name.startsWith(".shard-") && name.endsWith(".tmp") && fs.delete(st.getPath(), false)) {
                n++;
            }
        }
        return n;
    }

    private byte[] header(Shard s) {
        return ByteBuffer.allocate(HEADER_BYTES).order(ByteOrder.LITTLE_ENDIAN).putInt(MAGIC).putInt(FORMAT)
                .putLong(fingerprint).putInt(s.first()).putInt(s.count()).putInt(recordBytes).array();
    }

    private void deleteQuietly(Path p) {
        try {
            fs.delete(p, false);
        } catch (IOException ignored) {
            // A stray temporary file is removed by the next run of the sweep.
        }
    }

    /** A shard that cannot be read whole: storage damaged it after it was written. */
    static final class DamagedShard extends IOException {
        private static final long serialVersionUID = 1L;
        final transient Shard shard;

        DamagedShard(Shard shard, String why) {
            super("shard " + shard.name() + " is damaged: " + why);
            this.shard = shard;
        }
    }

    /**
     * Reads the records of samples 0, 1, …, N−1 in turn from the shards of {@code plan}; a shard whose header
     * does not match, that ends early or holds a record that is not intact is a {@link DamagedShard}.
     */
    final class Reader implements SweepRecords.Source, Closeable {
        private final List<Shard> plan;
        private final SweepRecords records;
        private int current = -1;
        private DataInputStream in;

        Reader(List<Shard> plan, SweepRecords records) {
            this.plan = plan;
            this.records = records;
        }

        @Override
        public void read(int index, byte[] buf) throws IOException {
            if (current < 0 || index >= plan.get(current).first() + plan.get(current).count()) {
                close();
                current++;
                Shard s = plan.get(current);
                if (index != s.first()) {
                    throw new IOException("samples read out of order: " + index + ", expected " + s.first());
                }
                in = new DataInputStream(new BufferedInputStream(fs.open(path(s)), 1 << 16));
                byte[] h = new byte[HEADER_BYTES];
                try {
                    in.readFully(h);
                } catch (EOFException e) {
                    throw new DamagedShard(s, "it ends early");
                }
                if (!ByteBuffer.wrap(h).equals(ByteBuffer.wrap(header(s)))) {
                    throw new DamagedShard(s, "its header is not that of shard " + s.number() + " of this sweep");
                }
            }
            try {
                in.readFully(buf);
            } catch (EOFException e) {
                throw new DamagedShard(plan.get(current), "it ends early");
            }
            if (records.indexOf(buf, 0) != index) {
                throw new DamagedShard(plan.get(current), "the record of sample " + index + " is not intact");
            }
        }

        @Override
        public void close() throws IOException {
            if (in != null) {
                in.close();
                in = null;
            }
        }
    }
}

package org.macronet.spark;

import static org.assertj.core.api.Assertions.assertThat;
import static org.macronet.spark.SweepFixture.args;
import static org.macronet.spark.SweepFixture.assertSameFiles;
import static org.macronet.spark.SweepFixture.run;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.macronet.experiment.TuringData;
import org.macronet.spark.SweepFixture.Result;
import org.macronet.system.reaction.Sweep;

/** The Spark sweep on {@code local[2]}: the plain sweep's bytes, refusals that write nothing, and resumption. */
class SparkSweepTest {
    @TempDir
    Path tmp;

    @Test
    void localSweepIsByteIdenticalToThePlainSweep() throws IOException {
        Path out = tmp.resolve("sweep");
        Result r = run(args("--spark", "local[2]", "--shard-samples", "16", "--out", out.toString()));
        assertThat(r.exit()).as(r.err()).isZero();
        assertThat(r.out()).contains("200 gray-scott samples in 13 shards: 0 reused, 13 computed on local[2]");
        assertSameFiles(SweepFixture.reference(), out);
        assertThat(SweepFixture.names(tmp)).as("no partial folder left").containsExactly("sweep");
        // The readers of sweep folders take it as it is: the plain engine (as `turing --data` runs it) finds
        // the sweep complete and simulates nothing, and the Turing data reader reads it.
        Sweep.Summary again = new Sweep(SweepFixture.config(), out).run(1, new Sweep.Listener() {});
        assertThat(again.simulated()).isZero();
        assertThat(TuringData.read(out).rows()).isEqualTo(SweepFixture.SAMPLES);
        assertSameFiles(SweepFixture.reference(), out);
    }

    static Stream<List<String>> badInputs() throws IOException {
        int closed;
        try (ServerSocket s = new ServerSocket(0)) {
            closed = s.getLocalPort(); // free once closed: nothing listens there
        }
        return Stream.of(
                List.of("--range", "Du=0.1-0.2", "--spark", "local[2]"),
                List.of("--range", "Du=a:0.2", "--spark", "local[2]"),
                List.of("--range", "Du0.1:0.2", "--spark", "local[2]"),
                List.of("--range", "Du=0.3:0.2", "--spark", "local[2]"),
                List.of("--spark", "spark://127.0.0.1:" + closed),
                List.of("--spark", "spark://127.0.0.1"),
                List.of("--spark", "lcal[2]"),
                List.of("--spark", "local[0]"),
                List.of(), // no master, and not under spark-submit
                List.of("--spark", "local[2]", "--threads", "2"),
                List.of("--spark", "local[2]", "--shard-samples", "0"));
    }

    @ParameterizedTest
    @MethodSource("badInputs")
    void badInputIsOneLineAndWritesNothing(List<String> extra) {
        Path out = tmp.resolve("bad");
        String[] a = Stream.concat(Stream.of(args("--out", out.toString())), extra.stream()).toArray(String[]::new);
        Result r = run(a);
        assertThat(r.exit()).isNotZero();
        assertThat(r.errLines()).as(r.err()).hasSize(1);
        assertThat(r.errLines().get(0)).startsWith("macronet sweep: error: ");
        assertThat(r.out()).isEmpty();
        assertThat(tmp).isEmptyDirectory();
    }

    @Test
    void unreachableMasterIsNamed() throws IOException {
        int closed;
        try (ServerSocket s = new ServerSocket(0)) {
            closed = s.getLocalPort();
        }
        Result r = run(args("--spark", "spark://127.0.0.1:" + closed, "--out", tmp.resolve("x").toString()));
        assertThat(r.exit()).isEqualTo(2);
        assertThat(r.err()).contains("cannot reach the Spark master spark://127.0.0.1:" + closed);
    }

    @Test
    void existingOutputIsRefusedWithoutForceAndReplacedWithIt() throws IOException {
        Path out = tmp.resolve("sweep");
        // A finished sweep of another seed is there.
        String[] otherSweep = args("--spark", "local[2]", "--out", out.toString());
        otherSweep[List.of(otherSweep).indexOf("--seed") + 1] = "12";
        Result first = run(otherSweep);
        assertThat(first.exit()).as(first.err()).isZero();
        byte[] before = Files.readAllBytes(out.resolve("patterns.npy"));

        Result refused = run(args("--spark", "local[2]", "--out", out.toString()));
        assertThat(refused.exit()).isEqualTo(2);
        assertThat(refused.errLines()).hasSize(1);
        assertThat(refused.err()).contains("already exists").contains("--force");
        assertThat(Files.readAllBytes(out.resolve("patterns.npy"))).isEqualTo(before);
        assertThat(SweepFixture.names(tmp)).containsExactly("sweep");

        Result forced = run(args("--spark", "local[2]", "--force", "--out", out.toString()));
        assertThat(forced.exit()).as(forced.err()).isZero();
        assertSameFiles(SweepFixture.reference(), out);
        assertThat(SweepFixture.names(tmp)).containsExactly("sweep");

        Result again = run(args("--spark", "local[2]", "--out", out.toString()));
        assertThat(again.exit()).isEqualTo(2);
        assertThat(again.err()).contains("already holds this sweep, finished");

        // --force never deletes a folder that is not a sweep.
        Path other = Files.createDirectories(tmp.resolve("mine"));
        Files.writeString(other.resolve("notes.txt"), "keep me");
        Result notSweep = run(args("--spark", "local[2]", "--force", "--out", other.toString()));
        assertThat(notSweep.exit()).isEqualTo(2);
        assertThat(notSweep.err()).contains("no sweep folder");
        assertThat(other.resolve("notes.txt")).hasContent("keep me");
    }

    @Test
    void failedJobIsResumedFromItsFinishedShardsAndADamagedShardIsRecomputed() throws IOException {
        Path out = tmp.resolve("sweep");
        // local[2] allows no retry: the injected failure of shard 5's task fails the job.
        System.setProperty(SparkSweep.FAIL_FIRST_ATTEMPT, "5");
        Result failed;
        try {
            failed = run(args("--spark", "local[2]", "--shard-samples", "10", "--out", out.toString()));
        } finally {
            System.clearProperty(SparkSweep.FAIL_FIRST_ATTEMPT);
        }
        assertThat(failed.exit()).isEqualTo(1);
        List<String> errors = failed.errLines().stream().filter(l -> !l.startsWith("sweep: ")).toList();
        assertThat(errors).hasSize(1);
        assertThat(errors.get(0)).contains("injected failure").contains("run the same command again to resume");
        assertThat(out).doesNotExist();
        List<String> kept = SweepFixture.finishedShards(out);
        assertThat(kept).doesNotContain("shard-000000050-000000060.bin").hasSizeLessThan(20);

        // Storage damages one finished shard (same length, one flipped byte in a record).
        Path partial = tmp.resolve(".sweep.partial");
        String damaged = null;
        if (!kept.isEmpty()) {
            damaged = kept.get(0);
            try (RandomAccessFile f = new RandomAccessFile(partial.resolve(SparkSweep.SHARDS).resolve(damaged).toFile(),
                    "rw")) {
                f.seek(ShardStore.HEADER_BYTES + 500);
                int b = f.read();
                f.seek(ShardStore.HEADER_BYTES + 500);
                f.write(b ^ 0x10);
            }
            Result refused = run(args("--spark", "local[2]", "--shard-samples", "10", "--out", out.toString()));
            assertThat(refused.exit()).isEqualTo(2);
            assertThat(refused.err()).contains("shard " + damaged + " is damaged").contains("run the same sweep again");
            assertThat(out).doesNotExist();
        }
        List<String> intact = SweepFixture.finishedShards(out);
        assertThat(intact).doesNotContain(damaged == null ? "-" : damaged);

        Result resumed = run(args("--spark", "local[2]", "--shard-samples", "10", "--out", out.toString()));
        assertThat(resumed.exit()).as(resumed.err()).isZero();
        assertThat(resumed.out()).contains("in 20 shards: " + intact.size() + " reused, " + (20 - intact.size())
                + " computed");
        assertSameFiles(SweepFixture.reference(), out);
        assertThat(SweepFixture.names(tmp)).containsExactly("sweep");
    }
}

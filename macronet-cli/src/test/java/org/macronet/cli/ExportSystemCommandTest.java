package org.macronet.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.macronet.data.Npy;
import org.macronet.data.Table;
import org.macronet.system.KnownAnswerSystem;
import org.macronet.system.catalog.KnownAnswerSystems;

/** `export-system` through picocli with tiny arguments: files and shapes, the list, and a bad name. */
class ExportSystemCommandTest {

    static OscillatorCommandTest.Run run(String... args) {
        return OscillatorCommandTest.run(args);
    }

    @Test
    void writesTrainingAndHeldOutPairsWithTheInvariantsAndTheDescription(@TempDir Path tmp) throws Exception {
        Path dir = tmp.resolve("iso");
        OscillatorCommandTest.Run r = run("export-system", "isotropic-oscillator", "--out", dir.toString(), "--seed",
                "4", "--pairs", "30", "--test-pairs", "12");
        assertThat(r.code()).as(r.err()).isZero();
        assertThat(r.err()).isEmpty();
        assertThat(Npy.read(dir.resolve("x.npy")).shape()).containsExactly(30, 4);
        assertThat(Npy.read(dir.resolve("y.npy")).shape()).containsExactly(30, 4);
        assertThat(Npy.read(dir.resolve("test_x.npy")).shape()).containsExactly(12, 4);
        assertThat(Npy.read(dir.resolve("test_y.npy")).shape()).containsExactly(12, 4);
        assertThat(Npy.read(dir.resolve("test_invariants.npy")).shape()).containsExactly(12, 4);
        // The training pairs are the library's sample at the seed.
        KnownAnswerSystem sys = KnownAnswerSystems.byName("isotropic-oscillator");
        assertThat(Table.read(dir.resolve("x.npy")).rows()).isDeepEqualTo(sys.sample(30, 4).data().x());

        JsonNode info = Json.MAPPER.readTree(dir.resolve("system.json").toFile());
        assertThat(info.get("name").asText()).isEqualTo("isotropic-oscillator");
        assertThat(info.get("invariant_count").asInt()).isEqualTo(3);
        assertThat(info.at("/columns/x").toString()).isEqualTo("[\"x\",\"y\",\"px\",\"py\"]");
        assertThat(info.at("/columns/y").toString()).isEqualTo("[\"x\",\"y\",\"px\",\"py\"]");
        assertThat(info.get("invariant_columns").toString())
                .isEqualTo("[\"energy\",\"angular_momentum\",\"cos_2theta\",\"sin_2theta\"]");
        assertThat(info.get("seed").asLong()).isEqualTo(4);
        assertThat(info.get("pairs").asInt()).isEqualTo(30);
        assertThat(info.get("description").asText()).isEqualTo(sys.description());
    }

    @Test
    void aNegativeControlHasNoInvariantFile(@TempDir Path tmp) throws Exception {
        Path dir = tmp.resolve("ctl");
        OscillatorCommandTest.Run r = run("export-system", "mixing-lag", "--out", dir.toString(), "--pairs", "8",
                "--test-pairs", "5");
        assertThat(r.code()).as(r.err()).isZero();
        assertThat(Npy.read(dir.resolve("y.npy")).shape()).containsExactly(8, 3);
        assertThat(Npy.read(dir.resolve("test_x.npy")).shape()).containsExactly(5, 3);
        assertThat(dir.resolve("test_invariants.npy")).doesNotExist();
        JsonNode info = Json.MAPPER.readTree(dir.resolve("system.json").toFile());
        assertThat(info.get("invariant_count").asInt()).isZero();
        assertThat(info.get("invariant_columns")).isEmpty();
    }

    @Test
    void theOscillatorMatchesExportOscillator(@TempDir Path tmp) throws Exception {
        Path a = tmp.resolve("a");
        Path b = tmp.resolve("b");
        assertThat(run("export-system", "oscillator", "--out", a.toString(), "--seed", "6", "--pairs", "20",
                "--test-pairs", "5").code()).isZero();
        assertThat(run("export-oscillator", "--out", b.toString(), "--seed", "6", "--pairs", "20").code()).isZero();
        assertThat(Table.read(a.resolve("x.npy")).rows()).isDeepEqualTo(Table.read(b.resolve("x.npy")).rows());
        assertThat(Table.read(a.resolve("y.npy")).rows()).isDeepEqualTo(Table.read(b.resolve("y.npy")).rows());
    }

    @Test
    void listPrintsEverySystemWithItsK() {
        OscillatorCommandTest.Run r = run("export-system", "--list");
        assertThat(r.code()).as(r.err()).isZero();
        assertThat(r.out().lines()).hasSize(KnownAnswerSystems.all().size());
        for (KnownAnswerSystem s : KnownAnswerSystems.all()) {
            assertThat(r.out()).containsPattern("(?m)^" + s.name() + " +K = " + s.invariantCount() + " ");
        }
    }

    @Test
    void anUnknownNameExitsTwoWithOneLineListingTheValidNames(@TempDir Path tmp) {
        OscillatorCommandTest.Run r = run("export-system", "pendulum", "--out", tmp.resolve("p").toString());
        assertThat(r.code()).isEqualTo(2);
        assertThat(r.err().lines()).hasSize(1);
        assertThat(r.err()).startsWith("macronet export-system: error: unknown system 'pendulum'")
                .contains("rigid-body").contains("mixing-lag");
        assertThat(tmp.resolve("p")).doesNotExist();
    }

    @Test
    void aMissingNameOrOutputFolderExitsTwoWithOneLine() {
        OscillatorCommandTest.Run noName = run("export-system", "--out", "somewhere");
        assertThat(noName.code()).isEqualTo(2);
        assertThat(noName.err().lines()).hasSize(1);
        assertThat(noName.err()).contains("--list");
        OscillatorCommandTest.Run noOut = run("export-system", "oscillator");
        assertThat(noOut.code()).isEqualTo(2);
        assertThat(noOut.err().lines()).hasSize(1);
        assertThat(noOut.err()).contains("--out");
    }
}

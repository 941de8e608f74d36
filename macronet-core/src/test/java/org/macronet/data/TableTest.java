package org.macronet.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Tables from .npy and .csv files: every supported layout, and one clear message per bad input. */
class TableTest {
    @TempDir
    Path dir;

    /** A .npy file of a 3×2 table 1..6 (C order) in the given dtype, byte order and layout. */
    private Path npy(String descr, boolean fortran, String shape, double[] cOrder) throws IOException {
        ByteOrder bo = descr.charAt(0) == '>' ? ByteOrder.BIG_ENDIAN : ByteOrder.LITTLE_ENDIAN;
        String kind = descr.substring(1);
        int w = Integer.parseInt(kind.substring(1));
        double[] values = cOrder;
        if (fortran) {
            values = new double[] {cOrder[0], cOrder[2], cOrder[4], cOrder[1], cOrder[3], cOrder[5]};
        }
        ByteBuffer b = ByteBuffer.allocate(values.length * w).order(bo);
        for (double v : values) {
            switch (kind) {
                case "f4" -> b.putFloat((float) v);
                case "f8" -> b.putDouble(v);
                case "i4" -> b.putInt((int) v);
                case "i8" -> b.putLong((long) v);
                default -> throw new IllegalArgumentException(kind);
            }
        }
        String dict = "{'descr': '" + descr + "', 'fortran_order': " + (fortran ? "True" : "False") + ", 'shape': "
                + shape + ", }";
        var out = new java.io.ByteArrayOutputStream();
        out.write(new byte[] {(byte) 0x93, 'N', 'U', 'M', 'P', 'Y', 1, 0});
        int len = dict.length() + 1;
        out.write(len & 0xFF);
        out.write(len >>> 8);
        out.write(dict.getBytes(StandardCharsets.US_ASCII));
        out.write('\n');
        out.write(b.array());
        Path p = dir.resolve(descr.replace('<', 'l').replace('>', 'b') + fortran + ".npy");
        Files.write(p, out.toByteArray());
        return p;
    }

    @ParameterizedTest(name = "{0} fortran={1}")
    @CsvSource({"<f4, false", ">f4, true", "<f8, true", ">f8, false", "<i4, true", ">i4, false", "<i8, false",
        ">i8, true"})
    void readsTablesInEverySupportedDtypeAndOrder(String descr, boolean fortran) throws IOException {
        Table t = Table.read(npy(descr, fortran, "(3, 2)", new double[] {1, 2, 3, 4, 5, 6}));
        assertThat(t.columns()).containsExactly("c1", "c2");
        assertThat(t.rows()).isDeepEqualTo(new double[][] {{1, 2}, {3, 4}, {5, 6}});
    }

    @Test
    void aOneDimensionalArrayIsOneColumn() throws IOException {
        Path p = dir.resolve("v.npy");
        Npy.writeFloat64(p, new int[] {3}, new double[] {1, 2, 3});
        assertThat(Table.read(p).rows()).isDeepEqualTo(new double[][] {{1}, {2}, {3}});
    }

    @Test
    void csvAndNpyRoundTrip() throws IOException {
        Table t = new Table(List.of("q", "p"), new double[][] {{1.5, -2}, {0.1, 1e-300}});
        t.write(dir.resolve("t.csv"));
        t.write(dir.resolve("t.npy"));
        Table c = Table.read(dir.resolve("t.csv"));
        assertThat(c.columns()).containsExactly("q", "p");
        assertThat(c.rows()).isDeepEqualTo(t.rows());
        assertThat(Table.read(dir.resolve("t.npy")).rows()).isDeepEqualTo(t.rows());
    }

    private Path text(String name, String content) throws IOException {
        Path p = dir.resolve(name);
        Files.writeString(p, content);
        return p;
    }

    @Test
    void badFilesNameTheProblem() throws IOException {
        assertThatThrownBy(() -> Table.read(dir.resolve("missing.csv"))).isInstanceOf(IOException.class)
                .hasMessageEndingWith("missing.csv: no such file");
        assertThatThrownBy(() -> Table.read(text("a.csv", "q,p\n1,2\n3,abc\n")))
                .hasMessageEndingWith("a.csv: data row 2 (line 3), column 'p': 'abc' is not a number");
        assertThatThrownBy(() -> Table.read(text("b.csv", "1,2\n3,4\n"))).hasMessageContaining("header");
        assertThatThrownBy(() -> Table.read(text("c.csv", "q,p\n1,2\n3\n")))
                .hasMessageContaining("data row 2 (line 3) has 1 cells, the header has 2");
        assertThatThrownBy(() -> Table.read(text("d.csv", "q,p\n1,2\n3,inf\nnan,1\n")))
                .hasMessageContaining("non-finite value Infinity at data row 2, column 'p'");
        assertThatThrownBy(() -> Table.read(npy("<c8", false, "(3,)", new double[0])))
                .hasMessageContaining("unsupported dtype '<c8'");
        Path cube = dir.resolve("cube.npy");
        Npy.writeFloat32(cube, new int[] {2, 2, 2}, new float[8]);
        assertThatThrownBy(() -> Table.read(cube)).hasMessageContaining("1-D or 2-D").hasMessageContaining("[2, 2, 2]");
        Path nan = dir.resolve("nan.npy");
        Npy.writeFloat32(nan, new int[] {2, 2}, new float[] {0, 1, 2, Float.NaN});
        assertThatThrownBy(() -> Table.read(nan)).hasMessageContaining("non-finite value NaN at data row 2, column 'c2'");
        assertThatThrownBy(() -> Table.read(text("e.txt", "x"))).hasMessageContaining("use .npy or .csv");
    }
}

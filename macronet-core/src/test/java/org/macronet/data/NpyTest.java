package org.macronet.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** .npy round trips, and files written byte by byte in the layouts numpy produces. */
class NpyTest {
    @TempDir
    Path dir;

    @Test
    void float32RoundTrip() throws IOException {
        float[] a = {1.5f, -2f, Float.MIN_VALUE, Float.MAX_VALUE, 0f, 3.25f};
        Path p = dir.resolve("a.npy");
        Npy.writeFloat32(p, new int[] {2, 3}, a);
        Npy.Array r = Npy.read(p);
        assertThat(r.shape()).containsExactly(2, 3);
        assertThat(r.dtype()).isEqualTo("<f4");
        assertThat(r.fortranOrder()).isFalse();
        assertThat(r.toFloats()).containsExactly(a);
        assertThat((Files.size(p) - 4 * a.length) % 64).as("data aligned to 64 bytes").isZero();
    }

    @Test
    void float64Int32Int64RoundTrips() throws IOException {
        double[] d = {Math.PI, -1e300, 4.9e-324, Double.NaN};
        Npy.writeFloat64(dir.resolve("d.npy"), new int[] {4}, d);
        Npy.Array rd = Npy.read(dir.resolve("d.npy"));
        assertThat(rd.shape()).containsExactly(4);
        assertThat(rd.data()).containsExactly(d);
        int[] i = {Integer.MIN_VALUE, -1, 0, 7, Integer.MAX_VALUE, 42};
        Npy.writeInt32(dir.resolve("i.npy"), new int[] {3, 1, 2}, i);
        Npy.Array ri = Npy.read(dir.resolve("i.npy"));
        assertThat(ri.shape()).containsExactly(3, 1, 2);
        assertThat(ri.dtype()).isEqualTo("<i4");
        for (int k = 0; k < i.length; k++) {
            assertThat(ri.data()[k]).isEqualTo(i[k]);
        }
        long[] l = {-5, 1L << 52};
        Npy.writeInt64(dir.resolve("l.npy"), new int[] {2}, l);
        assertThat(Npy.read(dir.resolve("l.npy")).data()).containsExactly(-5, (double) (1L << 52));
        // Scalars and empty arrays.
        Npy.writeFloat64(dir.resolve("s.npy"), new int[0], new double[] {2.5});
        assertThat(Npy.read(dir.resolve("s.npy")).shape()).isEmpty();
        Npy.writeFloat32(dir.resolve("e.npy"), new int[] {0, 5}, new float[0]);
        assertThat(Npy.read(dir.resolve("e.npy")).data()).isEmpty();
    }

    @Test
    void headerIsWhatNumpyWrites() throws IOException {
        Path p = dir.resolve("h.npy");
        Npy.writeFloat32(p, new int[] {3}, new float[3]);
        byte[] b = Files.readAllBytes(p);
        int len = (b[8] & 0xFF) | (b[9] & 0xFF) << 8;
        assertThat((10 + len) % 64).isZero();
        String header = new String(b, 10, len, StandardCharsets.ISO_8859_1);
        assertThat(header).startsWith("{'descr': '<f4', 'fortran_order': False, 'shape': (3,), }").endsWith("\n");
        assertThat(b[6]).isEqualTo((byte) 1);
        Npy.writeFloat32(p, new int[] {2, 5}, new float[10]);
        assertThat(new String(Files.readAllBytes(p), StandardCharsets.ISO_8859_1)).contains("'shape': (2, 5), }");
    }

    @Test
    void writeRejectsAShapeThatDoesNotFitTheData() {
        assertThatThrownBy(() -> Npy.writeFloat32(dir.resolve("x.npy"), new int[] {2, 2}, new float[3]))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("shape [2, 2] holds 4 values, but 3 were given");
        assertThat(dir.resolve("x.npy")).doesNotExist();
    }

    /** A file as numpy would write it, built byte by byte. */
    private static byte[] npy(String descr, boolean fortran, String shape, byte[] data, int version) {
        String dict = "{'descr': '" + descr + "', 'fortran_order': " + (fortran ? "True" : "False") + ", 'shape': "
                + shape + ", }";
        int prefix = version == 1 ? 10 : 12;
        int pad = (64 - (prefix + dict.length() + 1) % 64) % 64;
        String h = dict + " ".repeat(pad) + "\n";
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(new byte[] {(byte) 0x93, 'N', 'U', 'M', 'P', 'Y', (byte) version, 0});
        ByteBuffer len = ByteBuffer.allocate(version == 1 ? 2 : 4).order(ByteOrder.LITTLE_ENDIAN);
        if (version == 1) {
            len.putShort((short) h.length());
        } else {
            len.putInt(h.length());
        }
        out.writeBytes(len.array());
        out.writeBytes(h.getBytes(StandardCharsets.ISO_8859_1));
        out.writeBytes(data);
        return out.toByteArray();
    }

    /** The values 0..5 of a 2×3 array (C order) encoded in {@code kind} with byte order {@code order}. */
    private static byte[] encode(String kind, ByteOrder order, boolean fortran) {
        double[] cOrder = {0, 1, 2, 3, 4, 5};
        double[] values = fortran ? new double[] {0, 3, 1, 4, 2, 5} : cOrder;
        int w = Integer.parseInt(kind.substring(1));
        ByteBuffer b = ByteBuffer.allocate(6 * w).order(order);
        for (double v : values) {
            switch (kind) {
                case "f4" -> b.putFloat((float) v);
                case "f8" -> b.putDouble(v);
                case "i1", "u1", "b1" -> b.put((byte) (kind.equals("b1") ? (v != 0 ? 1 : 0) : v));
                case "i2", "u2" -> b.putShort((short) v);
                case "i4", "u4" -> b.putInt((int) v);
                case "i8", "u8" -> b.putLong((long) v);
                default -> throw new IllegalArgumentException(kind);
            }
        }
        return b.array();
    }

    @ParameterizedTest(name = "{0}{1} fortran={2} v{3}")
    @CsvSource({
        "<, f4, false, 1", ">, f4, false, 1", "<, f4, true, 1", ">, f4, true, 2",
        "<, f8, false, 1", ">, f8, true, 1", "<, i4, false, 3", ">, i4, true, 1",
        "<, i8, false, 1", ">, i8, true, 1", "|, u1, false, 1", "|, u1, true, 1",
        "|, i1, false, 1", "<, i2, true, 1", ">, u2, false, 1", ">, u4, false, 1", "<, u8, true, 1"
    })
    void readsEveryDtypeByteOrderAndLayout(String order, String kind, boolean fortran, int version) throws IOException {
        ByteOrder bo = order.equals(">") ? ByteOrder.BIG_ENDIAN : ByteOrder.LITTLE_ENDIAN;
        Path p = dir.resolve("x.npy");
        Files.write(p, npy(order + kind, fortran, "(2, 3)", encode(kind, bo, fortran), version));
        Npy.Array a = Npy.read(p);
        assertThat(a.shape()).containsExactly(2, 3);
        assertThat(a.fortranOrder()).isEqualTo(fortran);
        assertThat(a.data()).containsExactly(0, 1, 2, 3, 4, 5);
        assertThat(a.toFloats()).containsExactly(0, 1, 2, 3, 4, 5);
    }

    @Test
    void readsBooleansAndThreeDimensionalFortranOrder() throws IOException {
        Path p = dir.resolve("b.npy");
        Files.write(p, npy("|b1", false, "(4,)", new byte[] {0, 1, 2, 0}, 1));
        assertThat(Npy.read(p).data()).containsExactly(0, 1, 1, 0);
        // shape (2, 3, 2): C-order value at (i, j, k) is 6i + 2j + k; Fortran stores i fastest.
        ByteBuffer b = ByteBuffer.allocate(12 * 8).order(ByteOrder.BIG_ENDIAN);
        for (int k = 0; k < 2; k++) {
            for (int j = 0; j < 3; j++) {
                for (int i = 0; i < 2; i++) {
                    b.putDouble(6 * i + 2 * j + k);
                }
            }
        }
        Files.write(p, npy(">f8", true, "(2, 3, 2)", b.array(), 1));
        double[] expected = new double[12];
        for (int i = 0; i < 12; i++) {
            expected[i] = i;
        }
        assertThat(Npy.read(p).data()).containsExactly(expected);
        // Large unsigned 64-bit values.
        ByteBuffer u = ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN).putLong(-1L);
        Files.write(p, npy("<u8", false, "(1,)", u.array(), 1));
        assertThat(Npy.read(p).data()[0]).isEqualTo(18446744073709551615.0);
    }

    @Test
    void badFilesGiveClearIoExceptions() throws IOException {
        Path p = dir.resolve("bad.npy");
        Files.write(p, "hello world, not numpy".getBytes(StandardCharsets.US_ASCII));
        assertThatThrownBy(() -> Npy.read(p)).isInstanceOf(IOException.class).hasMessageContaining("not a .npy file");
        Files.write(p, new byte[] {(byte) 0x93, 'N'});
        assertThatThrownBy(() -> Npy.read(p)).isInstanceOf(IOException.class).hasMessageContaining("shorter than");
        Files.write(p, npy("<f4", false, "(2, 3)", new byte[8], 1));
        assertThatThrownBy(() -> Npy.read(p)).isInstanceOf(IOException.class).hasMessageContaining("truncated");
        Files.write(p, npy("<c16", false, "(1,)", new byte[16], 1));
        assertThatThrownBy(() -> Npy.read(p)).isInstanceOf(IOException.class).hasMessageContaining("unsupported dtype '<c16'");
        Files.write(p, npy("|O", false, "(1,)", new byte[8], 1));
        assertThatThrownBy(() -> Npy.read(p)).isInstanceOf(IOException.class).hasMessageContaining("unsupported dtype");
        byte[] v9 = npy("<f4", false, "(1,)", new byte[4], 1);
        v9[6] = 9;
        Files.write(p, v9);
        assertThatThrownBy(() -> Npy.read(p)).isInstanceOf(IOException.class).hasMessageContaining("version 9.0");
        byte[] noShape = npy("<f4", false, "(1,)", new byte[4], 1);
        String s = new String(noShape, StandardCharsets.ISO_8859_1).replace("'shape'", "'shapf'");
        Files.write(p, s.getBytes(StandardCharsets.ISO_8859_1));
        assertThatThrownBy(() -> Npy.read(p)).isInstanceOf(IOException.class).hasMessageContaining("malformed .npy header");
    }

    @Test
    void atomicWriteLeavesNoTemporaryFilesAndReplacesOldContent() throws IOException {
        Path p = dir.resolve("sub/out.txt");
        AtomicFiles.writeString(p, "one");
        AtomicFiles.writeString(p, "two");
        assertThat(Files.readString(p)).isEqualTo("two");
        try (var files = Files.list(p.getParent())) {
            assertThat(files.map(f -> f.getFileName().toString())).containsExactly("out.txt");
        }
        // A writer that fails leaves the old file untouched and no temporary file behind.
        assertThatThrownBy(() -> AtomicFiles.write(p, out -> {
            out.write("partial".getBytes(StandardCharsets.UTF_8));
            throw new IOException("disk full");
        })).hasMessage("disk full");
        assertThat(Files.readString(p)).isEqualTo("two");
        try (var files = Files.list(p.getParent())) {
            assertThat(files.count()).isEqualTo(1);
        }
    }
}

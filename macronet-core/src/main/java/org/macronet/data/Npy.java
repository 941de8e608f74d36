package org.macronet.data;

import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * NumPy {@code .npy} files (format versions 1.0, 2.0 and 3.0).
 *
 * <p>Writing: float32, float64, int32 and int64 arrays, little-endian, C order, version 1.0 (2.0 when the
 * header needs it), header padded to 64 bytes, atomically (see {@link AtomicFiles}).
 *
 * <p>Reading: bool, int8/16/32/64, uint8/16/32/64 and float32/64 in either byte order ('&lt;', '&gt;', '|',
 * '='), C or Fortran order; the values come back converted to double or float in C (row-major) order.
 * A malformed file gives an {@link IOException} naming the problem; int64/uint64 values beyond 2⁵³ lose
 * precision in the conversion.
 */
public final class Npy {
    private static final byte[] MAGIC = {(byte) 0x93, 'N', 'U', 'M', 'P', 'Y'};
    private static final Pattern DESCR = Pattern.compile("'descr'\\s*:\\s*'([^']*)'");
    private static final Pattern FORTRAN = Pattern.compile("'fortran_order'\\s*:\\s*(True|False)");
    private static final Pattern SHAPE = Pattern.compile("'shape'\\s*:\\s*\\(([^)]*)\\)");

    /**
     * An array read from a file.
     *
     * @param shape dimensions (empty for a scalar)
     * @param dtype the file's dtype descriptor, e.g. {@code <f4}
     * @param fortranOrder whether the file stored the values in Fortran (column-major) order
     * @param data the values converted to double, in C (row-major) order
     */
    public record Array(int[] shape, String dtype, boolean fortranOrder, double[] data) {
        /** The values as float. */
        public float[] toFloats() {
            float[] f = new float[data.length];
            for (int i = 0; i < f.length; i++) {
                f[i] = (float) data[i];
            }
            return f;
        }
    }

    /** The header of a file: dtype, order, shape, and where the data begin. */
    private record Header(String dtype, boolean fortranOrder, int[] shape, long count) {}

    private Npy() {}

    // ---------------------------------------------------------------- writing

    /** Writes a float32 array of the given shape. */
    public static void writeFloat32(Path path, int[] shape, float[] data) throws IOException {
        checkShape(shape, data.length);
        AtomicFiles.write(path, out -> {
            writeHeader(out, "<f4", shape);
            ByteBuffer b = ByteBuffer.allocate(1 << 16).order(ByteOrder.LITTLE_ENDIAN);
            for (float x : data) {
                if (b.remaining() < 4) {
                    flush(out, b);
                }
                b.putFloat(x);
            }
            flush(out, b);
        });
    }

    /** Writes a float64 array of the given shape. */
    public static void writeFloat64(Path path, int[] shape, double[] data) throws IOException {
        checkShape(shape, data.length);
        AtomicFiles.write(path, out -> writeFloat64(out, shape, data));
    }

    /** Writes a float64 array of the given shape to a stream (header and data; the stream stays open). */
    public static void writeFloat64(OutputStream out, int[] shape, double[] data) throws IOException {
        checkShape(shape, data.length);
        writeHeader(out, "<f8", shape);
        ByteBuffer b = ByteBuffer.allocate(1 << 16).order(ByteOrder.LITTLE_ENDIAN);
        for (double x : data) {
            if (b.remaining() < 8) {
                flush(out, b);
            }
            b.putDouble(x);
        }
        flush(out, b);
    }

    /** Writes an int32 array of the given shape. */
    public static void writeInt32(Path path, int[] shape, int[] data) throws IOException {
        checkShape(shape, data.length);
        AtomicFiles.write(path, out -> {
            writeHeader(out, "<i4", shape);
            ByteBuffer b = ByteBuffer.allocate(1 << 16).order(ByteOrder.LITTLE_ENDIAN);
            for (int x : data) {
                if (b.remaining() < 4) {
                    flush(out, b);
                }
                b.putInt(x);
            }
            flush(out, b);
        });
    }

    /** Writes an int64 array of the given shape. */
    public static void writeInt64(Path path, int[] shape, long[] data) throws IOException {
        checkShape(shape, data.length);
        AtomicFiles.write(path, out -> {
            writeHeader(out, "<i8", shape);
            ByteBuffer b = ByteBuffer.allocate(1 << 16).order(ByteOrder.LITTLE_ENDIAN);
            for (long x : data) {
                if (b.remaining() < 8) {
                    flush(out, b);
                }
                b.putLong(x);
            }
            flush(out, b);
        });
    }

    /**
     * Writes the magic, version and header dict for a C-order array; the header is padded with spaces so
     * that the data start at a multiple of 64 bytes.
     */
    public static void writeHeader(OutputStream out, String dtype, int[] shape) throws IOException {
        StringBuilder s = new StringBuilder("{'descr': '").append(dtype).append("', 'fortran_order': False, 'shape': (");
        for (int i = 0; i < shape.length; i++) {
            s.append(i == 0 ? "" : ", ").append(shape[i]);
        }
        s.append(shape.length == 1 ? ",), }" : "), }"); // numpy spells a 1-tuple (3,)
        byte[] dict = s.toString().getBytes(StandardCharsets.US_ASCII);
        boolean v2 = dict.length + 10 + 64 > 0xFFFF;
        int prefix = v2 ? 12 : 10;
        int total = prefix + dict.length + 1;
        int pad = (64 - total % 64) % 64;
        int headerLen = dict.length + pad + 1;
        ByteArrayOutputStream h = new ByteArrayOutputStream(prefix + headerLen);
        h.write(MAGIC);
        h.write(v2 ? 2 : 1);
        h.write(0);
        h.write(headerLen & 0xFF);
        h.write((headerLen >>> 8) & 0xFF);
        if (v2) {
            h.write((headerLen >>> 16) & 0xFF);
            h.write((headerLen >>> 24) & 0xFF);
        }
        h.write(dict);
        for (int i = 0; i < pad; i++) {
            h.write(' ');
        }
        h.write('\n');
        out.write(h.toByteArray());
    }

    private static void flush(OutputStream out, ByteBuffer b) throws IOException {
        out.write(b.array(), 0, b.position());
        b.clear();
    }

    private static void checkShape(int[] shape, int length) {
        long n = 1;
        for (int d : shape) {
            if (d < 0) {
                throw new IllegalArgumentException("shape " + Arrays.toString(shape) + " has a negative dimension");
            }
            n *= d;
        }
        if (n != length) {
            throw new IllegalArgumentException("shape " + Arrays.toString(shape) + " holds " + n + " values, but "
                    + length + " were given");
        }
    }

    // ---------------------------------------------------------------- reading

    /** Reads a file; see the class comment for what is supported. */
    public static Array read(Path path) throws IOException {
        try (InputStream in = Files.newInputStream(path)) {
            return read(in, path.toString());
        }
    }

    /** Reads a .npy stream; {@code name} appears in error messages. */
    public static Array read(InputStream raw, String name) throws IOException {
        DataInputStream in = new DataInputStream(raw instanceof java.io.BufferedInputStream ? raw
                : new java.io.BufferedInputStream(raw, 1 << 16));
        Header h = readHeader(in, name);
        char order = h.dtype.charAt(0);
        String kind = h.dtype.substring(1);
        int width = width(kind, h.dtype, name);
        ByteOrder bo = order == '>' ? ByteOrder.BIG_ENDIAN : ByteOrder.LITTLE_ENDIAN;
        if (h.count > Integer.MAX_VALUE - 8) {
            throw new IOException(name + ": " + h.count + " values are too many for one Java array");
        }
        int n = (int) h.count;
        double[] data = new double[n];
        byte[] buf = new byte[1 << 16];
        ByteBuffer bb = ByteBuffer.wrap(buf).order(bo);
        int perChunk = buf.length / width;
        int done = 0;
        while (done < n) {
            int k = Math.min(perChunk, n - done);
            try {
                in.readFully(buf, 0, k * width);
            } catch (EOFException e) {
                throw new IOException(name + ": truncated: the header announces " + n + " values of " + width
                        + " bytes, but the data end within values " + done + ".." + (done + k - 1), e);
            }
            bb.clear();
            for (int i = 0; i < k; i++) {
                data[done + i] = value(bb, kind, i * width);
            }
            done += k;
        }
        if (h.fortranOrder && h.shape.length > 1) {
            data = fortranToC(data, h.shape);
        }
        return new Array(h.shape, h.dtype, h.fortranOrder, data);
    }

    private static Header readHeader(DataInputStream in, String name) throws IOException {
        byte[] magic = new byte[8];
        try {
            in.readFully(magic);
        } catch (EOFException e) {
            throw new IOException(name + ": not a .npy file (shorter than its 8-byte preamble)", e);
        }
        if (!Arrays.equals(Arrays.copyOf(magic, 6), MAGIC)) {
            throw new IOException(name + ": not a .npy file (the magic string \\x93NUMPY is missing)");
        }
        int major = magic[6] & 0xFF;
        long len;
        if (major == 1) {
            len = (in.readUnsignedByte()) | (in.readUnsignedByte() << 8);
        } else if (major == 2 || major == 3) {
            byte[] l = new byte[4];
            in.readFully(l);
            len = ByteBuffer.wrap(l).order(ByteOrder.LITTLE_ENDIAN).getInt() & 0xFFFFFFFFL;
        } else {
            throw new IOException(name + ": unsupported .npy format version " + major + "." + (magic[7] & 0xFF));
        }
        if (len > 1 << 24) {
            throw new IOException(name + ": implausible header length " + len);
        }
        byte[] hb = new byte[(int) len];
        try {
            in.readFully(hb);
        } catch (EOFException e) {
            throw new IOException(name + ": truncated header", e);
        }
        String dict = new String(hb, major == 3 ? StandardCharsets.UTF_8 : StandardCharsets.ISO_8859_1);
        Matcher d = DESCR.matcher(dict);
        Matcher f = FORTRAN.matcher(dict);
        Matcher s = SHAPE.matcher(dict);
        if (!d.find() && Pattern.compile("'descr'\\s*:\\s*\\[").matcher(dict).find()) {
            throw new IOException(name + ": unsupported structured dtype (a record array); save a plain 2-D float array");
        }
        d.reset();
        if (!d.find() || !f.find() || !s.find()) {
            throw new IOException(name + ": malformed .npy header (needs 'descr', 'fortran_order' and 'shape'): "
                    + dict.strip());
        }
        String dtype = d.group(1);
        if (dtype.length() < 2 || "<>|=".indexOf(dtype.charAt(0)) < 0) {
            dtype = "|" + dtype;
        }
        String[] parts = s.group(1).split(",");
        int[] shape = new int[0];
        long count = 1;
        for (String p : parts) {
            String t = p.strip();
            if (t.isEmpty()) {
                continue;
            }
            long dim;
            try {
                dim = Long.parseLong(t.endsWith("L") ? t.substring(0, t.length() - 1) : t);
            } catch (NumberFormatException e) {
                throw new IOException(name + ": malformed shape (" + s.group(1) + ")", e);
            }
            if (dim < 0 || dim > Integer.MAX_VALUE) {
                throw new IOException(name + ": invalid dimension " + dim + " in shape (" + s.group(1) + ")");
            }
            shape = Arrays.copyOf(shape, shape.length + 1);
            shape[shape.length - 1] = (int) dim;
            count *= dim;
            if (count > Integer.MAX_VALUE) {
                throw new IOException(name + ": shape (" + s.group(1) + ") holds too many values for one Java array");
            }
        }
        return new Header(dtype, f.group(1).equals("True"), shape, count);
    }

    private static int width(String kind, String dtype, String name) throws IOException {
        switch (kind) {
            case "b1", "i1", "u1":
                return 1;
            case "i2", "u2":
                return 2;
            case "i4", "u4", "f4":
                return 4;
            case "i8", "u8", "f8":
                return 8;
            default:
                throw new IOException(name + ": unsupported dtype '" + dtype
                        + "' (supported: bool, int8-64, uint8-64, float32, float64)");
        }
    }

    private static double value(ByteBuffer b, String kind, int at) {
        switch (kind) {
            case "b1":
                return b.get(at) != 0 ? 1 : 0;
            case "i1":
                return b.get(at);
            case "u1":
                return b.get(at) & 0xFF;
            case "i2":
                return b.getShort(at);
            case "u2":
                return b.getShort(at) & 0xFFFF;
            case "i4":
                return b.getInt(at);
            case "u4":
                return b.getInt(at) & 0xFFFFFFFFL;
            case "i8":
                return b.getLong(at);
            case "u8": {
                long v = b.getLong(at);
                return v >= 0 ? v : (double) (v >>> 1) * 2 + (v & 1);
            }
            case "f4":
                return b.getFloat(at);
            default:
                return b.getDouble(at);
        }
    }

    /** Reorders column-major data of the given shape into row-major order. */
    static double[] fortranToC(double[] f, int[] shape) {
        int k = shape.length;
        int[] fStride = new int[k];
        int s = 1;
        for (int i = 0; i < k; i++) {
            fStride[i] = s;
            s *= shape[i];
        }
        double[] c = new double[f.length];
        int[] idx = new int[k];
        for (int ci = 0; ci < c.length; ci++) {
            int fi = 0;
            for (int i = 0; i < k; i++) {
                fi += idx[i] * fStride[i];
            }
            c[ci] = f[fi];
            for (int i = k - 1; i >= 0; i--) {
                if (++idx[i] < shape[i]) {
                    break;
                }
                idx[i] = 0;
            }
        }
        return c;
    }
}

package org.macronet.data;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.charset.MalformedInputException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * A table of observations: one row per sample, named numeric columns, every value finite.
 *
 * <p>Files: {@code .npy} (a 1-D array is one column, a 2-D array is rows × columns; any dtype
 * {@link Npy} reads except bool, either byte order, C or Fortran order; columns are named c1, c2, ...)
 * or {@code .csv} (a header row of column names, then one numeric row per sample; comma-separated,
 * cells trimmed, names may be double-quoted). Every problem is an {@link IOException} or
 * {@link IllegalArgumentException} whose one-line message names the file and the place: data rows
 * are counted from 1, not counting the header; columns by name (CSV) or from 1 (NPY).
 *
 * @param columns column names
 * @param rows values, rows × columns
 */
public record Table(List<String> columns, double[][] rows) {

    public Table {
        columns = List.copyOf(columns);
        for (double[] r : rows) {
            if (r.length != columns.size()) {
                throw new IllegalArgumentException("a row has " + r.length + " values for " + columns.size() + " columns");
            }
        }
    }

    public int rowCount() {
        return rows.length;
    }

    public int columnCount() {
        return columns.size();
    }

    /** Generic column names {@code prefix1 .. prefixN}. */
    public static List<String> names(String prefix, int n) {
        List<String> c = new ArrayList<>(n);
        for (int i = 1; i <= n; i++) {
            c.add(prefix + i);
        }
        return c;
    }

    /** Reads a .npy or .csv table (by extension) and checks that every value is finite. */
    public static Table read(Path file) throws IOException {
        String name = file.getFileName() == null ? file.toString() : file.getFileName().toString();
        String lower = name.toLowerCase(Locale.ROOT);
        if (!lower.endsWith(".npy") && !lower.endsWith(".csv")) {
            throw new IllegalArgumentException(file + ": unsupported file type (use .npy or .csv)");
        }
        if (!Files.exists(file)) {
            throw new IOException(file + ": no such file");
        }
        if (Files.isDirectory(file)) {
            throw new IOException(file + ": is a folder, not a file");
        }
        if (!Files.isReadable(file)) {
            throw new IOException(file + ": not readable (permission denied)");
        }
        Table t = lower.endsWith(".npy") ? readNpy(file) : readCsv(file);
        if (t.rows.length == 0) {
            throw new IllegalArgumentException(file + ": no data rows");
        }
        for (int i = 0; i < t.rows.length; i++) {
            for (int j = 0; j < t.columns.size(); j++) {
                double v = t.rows[i][j];
                if (!Double.isFinite(v)) {
                    throw new IllegalArgumentException(file + ": non-finite value " + v + " at data row " + (i + 1)
                            + ", column '" + t.columns.get(j) + "' (the first one; rows count from 1)");
                }
            }
        }
        return t;
    }

    private static Table readNpy(Path file) throws IOException {
        Npy.Array a = Npy.read(file);
        String kind = a.dtype().substring(1);
        if (kind.equals("b1")) {
            throw new IOException(file + ": unsupported dtype '" + a.dtype() + "' for a table of observations (use a "
                    + "float or integer dtype)");
        }
        int[] s = a.shape();
        if (s.length != 1 && s.length != 2) {
            throw new IllegalArgumentException(file + ": a table needs a 1-D or 2-D array (rows × columns), got shape "
                    + Arrays.toString(s));
        }
        int n = s[0];
        int d = s.length == 1 ? 1 : s[1];
        if (d == 0) {
            throw new IllegalArgumentException(file + ": the array has no columns (shape " + Arrays.toString(s) + ")");
        }
        double[][] rows = new double[n][];
        for (int i = 0; i < n; i++) {
            rows[i] = Arrays.copyOfRange(a.data(), i * d, (i + 1) * d);
        }
        return new Table(names("c", d), rows);
    }

    private static Table readCsv(Path file) throws IOException {
        List<String> lines;
        try (BufferedReader r = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            lines = r.lines().toList();
        } catch (java.io.UncheckedIOException e) {
            if (e.getCause() instanceof MalformedInputException) {
                throw new IOException(file + ": not a UTF-8 text file", e);
            }
            throw e.getCause();
        }
        int first = 0;
        while (first < lines.size() && lines.get(first).isBlank()) {
            first++;
        }
        if (first == lines.size()) {
            throw new IllegalArgumentException(file + ": empty file (expected a header row and data rows)");
        }
        String[] header = split(lines.get(first));
        List<String> columns = new ArrayList<>();
        boolean allNumeric = true;
        for (String h : header) {
            String c = unquote(h);
            if (c.isEmpty()) {
                throw new IllegalArgumentException(file + ": the header row has an empty column name");
            }
            allNumeric &= parse(c) != null;
            columns.add(c);
        }
        if (allNumeric) {
            throw new IllegalArgumentException(file + ": the first row must be a header of column names, but it holds "
                    + "only numbers");
        }
        List<double[]> rows = new ArrayList<>();
        for (int li = first + 1; li < lines.size(); li++) {
            String line = lines.get(li);
            if (line.isBlank()) {
                continue;
            }
            int row = rows.size() + 1;
            String[] cells = split(line);
            if (cells.length != columns.size()) {
                throw new IllegalArgumentException(file + ": data row " + row + " (line " + (li + 1) + ") has "
                        + cells.length + " cells, the header has " + columns.size());
            }
            double[] v = new double[cells.length];
            for (int j = 0; j < cells.length; j++) {
                Double x = parse(cells[j]);
                if (x == null) {
                    throw new IllegalArgumentException(file + ": data row " + row + " (line " + (li + 1) + "), column '"
                            + columns.get(j) + "': '" + cells[j].strip() + "' is not a number");
                }
                v[j] = x;
            }
            rows.add(v);
        }
        return new Table(columns, rows.toArray(new double[0][]));
    }

    private static String[] split(String line) {
        String l = line.endsWith("\r") ? line.substring(0, line.length() - 1) : line;
        if (!l.isEmpty() && l.charAt(0) == '\uFEFF') {
            l = l.substring(1);
        }
        return l.split(",", -1);
    }

    private static String unquote(String s) {
        String t = s.strip();
        if (t.length() >= 2 && t.startsWith("\"") && t.endsWith("\"")) {
            t = t.substring(1, t.length() - 1).replace("\"\"", "\"");
        }
        return t;
    }

    /** The number in a cell, or null when it is not one (Java and NumPy spellings of nan/inf accepted). */
    private static Double parse(String cell) {
        String t = cell.strip();
        if (t.isEmpty()) {
            return null;
        }
        switch (t.toLowerCase(Locale.ROOT)) {
            case "nan":
                return Double.NaN;
            case "inf", "+inf", "infinity", "+infinity":
                return Double.POSITIVE_INFINITY;
            case "-inf", "-infinity":
                return Double.NEGATIVE_INFINITY;
            default:
                break;
        }
        // Double.parseDouble also takes hex floats and a trailing 'd'/'f'; a data file means decimal numbers.
        if (!t.matches("[+-]?(\\d+\\.?\\d*|\\.\\d+)([eE][+-]?\\d+)?")) {
            return null;
        }
        return Double.parseDouble(t);
    }

    /**
     * Writes the table atomically: {@code .npy} as float64 [rows, columns] (column names are not kept),
     * {@code .csv} with a header row and full-precision values.
     */
    public void write(Path file) throws IOException {
        String lower = file.getFileName().toString().toLowerCase(Locale.ROOT);
        int d = columns.size();
        if (lower.endsWith(".npy")) {
            double[] flat = new double[rows.length * d];
            for (int i = 0; i < rows.length; i++) {
                System.arraycopy(rows[i], 0, flat, i * d, d);
            }
            Npy.writeFloat64(file, new int[] {rows.length, d}, flat);
        } else if (lower.endsWith(".csv")) {
            AtomicFiles.write(file, out -> {
                Writer w = new OutputStreamWriter(out, StandardCharsets.UTF_8);
                w.write(String.join(",", columns.stream().map(Table::quote).toList()));
                w.write('\n');
                StringBuilder sb = new StringBuilder();
                for (double[] r : rows) {
                    sb.setLength(0);
                    for (int j = 0; j < d; j++) {
                        sb.append(j == 0 ? "" : ",").append(r[j]);
                    }
                    sb.append('\n');
                    w.write(sb.toString());
                }
                w.flush();
            });
        } else {
            throw new IllegalArgumentException(file + ": unsupported output type (use .npy or .csv)");
        }
    }

    private static String quote(String name) {
        return name.contains(",") || name.contains("\"") ? "\"" + name.replace("\"", "\"\"") + "\"" : name;
    }
}

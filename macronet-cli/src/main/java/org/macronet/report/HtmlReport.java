package org.macronet.report;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Builds a minimal self-contained HTML page (inline CSS, no scripts): headings, paragraphs, tables
 * and images referenced by relative file name. Every piece of text is HTML-escaped.
 */
public final class HtmlReport {
    private static final String CSS = """
            body{font-family:system-ui,-apple-system,"Segoe UI",sans-serif;max-width:60rem;margin:2rem auto;\
            padding:0 1rem;color:#222;line-height:1.45}
            h1{font-size:1.7rem}h2{font-size:1.25rem;margin-top:2rem;border-bottom:1px solid #ddd}
            table{border-collapse:collapse;margin:0.5rem 0 1rem}
            th,td{border:1px solid #ccc;padding:0.25rem 0.6rem;text-align:left}
            td.num{text-align:right;font-variant-numeric:tabular-nums}th{background:#f3f3f3}
            figure{margin:1.5rem 0}img{max-width:100%;border:1px solid #eee}
            figcaption{color:#555;font-size:0.95rem}
            """;

    private final String title;
    private final StringBuilder body = new StringBuilder();

    public HtmlReport(String title) {
        this.title = title;
        body.append("<h1>").append(escape(title)).append("</h1>\n");
    }

    /** A section heading. */
    public HtmlReport heading(String text) {
        body.append("<h2>").append(escape(text)).append("</h2>\n");
        return this;
    }

    public HtmlReport paragraph(String text) {
        body.append("<p>").append(escape(text)).append("</p>\n");
        return this;
    }

    /** A two-column table of names and values, values formatted by {@link #format}. */
    public HtmlReport keyValues(Map<String, ?> entries) {
        body.append("<table>\n<tr><th>metric</th><th>value</th></tr>\n");
        for (Map.Entry<String, ?> e : entries.entrySet()) {
            body.append("<tr><td>").append(escape(e.getKey())).append("</td>").append(cell(e.getValue()))
                    .append("</tr>\n");
        }
        body.append("</table>\n");
        return this;
    }

    /** A table with a header row; each row gives one value per column. */
    public HtmlReport table(List<String> columns, List<List<?>> rows) {
        body.append("<table>\n<tr>");
        for (String c : columns) {
            body.append("<th>").append(escape(c)).append("</th>");
        }
        body.append("</tr>\n");
        for (List<?> row : rows) {
            if (row.size() != columns.size()) {
                throw new IllegalArgumentException("row has " + row.size() + " cells, table has " + columns.size() + " columns");
            }
            body.append("<tr>");
            for (Object v : row) {
                body.append(cell(v));
            }
            body.append("</tr>\n");
        }
        body.append("</table>\n");
        return this;
    }

    /**
     * An image with a caption.
     *
     * @param file a file name relative to the report (no directories), e.g. {@code phase_space.png}
     */
    public HtmlReport image(String file, String caption) {
        if (file.isEmpty() || file.contains("/") || file.contains("\\") || file.contains(":")) {
            throw new IllegalArgumentException("image must be a plain file name next to the report, got '" + file + "'");
        }
        body.append("<figure><img src=\"").append(escape(file)).append("\" alt=\"").append(escape(caption))
                .append("\"><figcaption>").append(escape(caption)).append("</figcaption></figure>\n");
        return this;
    }

    /** A paragraph holding one link to a relative path (e.g. another report in a sub-folder). */
    public HtmlReport link(String href, String text) {
        if (href.isEmpty() || href.contains(":") || href.startsWith("/")) {
            throw new IllegalArgumentException("link must be a relative path, got '" + href + "'");
        }
        body.append("<p><a href=\"").append(escape(href)).append("\">").append(escape(text)).append("</a></p>\n");
        return this;
    }

    /** The whole page. */
    public String render() {
        return "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n<title>" + escape(title)
                + "</title>\n<style>\n" + CSS + "</style>\n</head>\n<body>\n" + body + "</body>\n</html>\n";
    }

    /** Writes the page as UTF-8, creating parent folders. */
    public void write(Path file) throws IOException {
        Path parent = file.toAbsolutePath().getParent();
        if (parent != null) {
            Files.createDirectories(parent);
        }
        Files.writeString(file, render(), StandardCharsets.UTF_8);
    }

    /** Escapes the five characters with meaning in HTML text and attribute values. */
    public static String escape(String s) {
        StringBuilder b = new StringBuilder(s.length() + 16);
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '&' -> b.append("&amp;");
                case '<' -> b.append("&lt;");
                case '>' -> b.append("&gt;");
                case '"' -> b.append("&quot;");
                case '\'' -> b.append("&#39;");
                default -> b.append(c);
            }
        }
        return b.toString();
    }

    /**
     * How a value appears in a table: doubles with 4 significant digits (integral ones without a
     * fraction), other values by {@code toString}, null as an empty cell.
     */
    public static String format(Object v) {
        if (v == null) {
            return "";
        }
        if (v instanceof Double || v instanceof Float) {
            double d = ((Number) v).doubleValue();
            if (!Double.isFinite(d)) {
                return Double.toString(d);
            }
            if (d == Math.rint(d) && Math.abs(d) < 1e15) {
                return Long.toString((long) d);
            }
            double a = Math.abs(d);
            if (a >= 1e-3 && a < 1e6) {
                return new java.math.BigDecimal(d).round(new java.math.MathContext(4)).stripTrailingZeros()
                        .toPlainString();
            }
            return String.format(Locale.ROOT, "%.3e", d);
        }
        return v.toString();
    }

    private static String cell(Object v) {
        String cls = v instanceof Number ? " class=\"num\"" : "";
        return "<td" + cls + ">" + escape(format(v)) + "</td>";
    }
}

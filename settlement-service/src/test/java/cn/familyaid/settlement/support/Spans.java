package cn.familyaid.settlement.support;

import com.sun.net.httpserver.HttpServer;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.zip.GZIPInputStream;

/**
 * The spans of a test JVM and its child processes, for assertions on traces. This service's own spans come from the
 * in-memory exporter {@link InMemorySpans}; the wallet jar's arrive over OTLP/HTTP (protobuf) at a tiny receiver in
 * this JVM that {@link WalletJar} points the jar at. Both land in one bounded list, one {@link Span} per line. (Static
 * state: this module's tests run in one Quarkus application, no test profile; nothing is put in the system
 * properties, where Quarkus' validation of the {@code familyaid.*} settings would see it.)
 */
public final class Spans {
    static final int MAX = 50_000;
    private static final List<String> LINES = new ArrayList<>();
    private static String port;

    /**
     * One finished span: kind is SERVER, CLIENT, PRODUCER, CONSUMER or INTERNAL; url is an HTTP span's url.path and
     * url.query ({@code path?query}), as exported.
     */
    public record Span(String service, String traceId, String spanId, String parentSpanId, String kind, String name,
                       String destination, String url) {
        String line() {
            return String.join("|", service, traceId, spanId, parentSpanId, kind, name, destination, url);
        }

        static Span of(String line) {
            String[] f = line.split("\\|", -1);
            return new Span(f[0], f[1], f[2], f[3], f[4], f[5], f[6], f[7]);
        }

        static String url(String path, String query) {
            return (path == null ? "" : path) + (query == null || query.isEmpty() ? "" : "?" + query);
        }
    }

    private Spans() {
    }

    /** Every span recorded so far. */
    public static List<Span> all() {
        synchronized (LINES) {
            return LINES.stream().map(Span::of).toList();
        }
    }

    static void add(Span span) {
        synchronized (LINES) {
            if (LINES.size() >= MAX) {
                LINES.subList(0, MAX / 10).clear();
            }
            LINES.add(span.line());
        }
    }

    /** The OTLP/HTTP endpoint of this JVM's receiver (started on first use): http://127.0.0.1:port. */
    public static String otlpEndpoint() {
        synchronized (Spans.class) {
            if (port == null) {
                try {
                    HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
                    server.createContext("/", exchange -> {
                        try (InputStream in = exchange.getRequestBody()) {
                            byte[] body = in.readAllBytes();
                            if ("gzip".equalsIgnoreCase(exchange.getRequestHeaders().getFirst("Content-Encoding"))) {
                                body = new GZIPInputStream(new ByteArrayInputStream(body)).readAllBytes();
                            }
                            if (exchange.getRequestURI().getPath().endsWith("/v1/traces")) {
                                exportRequest(body);
                            }
                            exchange.getResponseHeaders().add("Content-Type", "application/x-protobuf");
                            exchange.sendResponseHeaders(200, -1); // an empty ExportTraceServiceResponse
                        } catch (RuntimeException e) {
                            exchange.sendResponseHeaders(400, -1);
                        } finally {
                            exchange.close();
                        }
                    });
                    server.setExecutor(null);
                    server.start();
                    port = Integer.toString(server.getAddress().getPort());
                } catch (IOException e) {
                    throw new IllegalStateException("cannot start the OTLP receiver", e);
                }
            }
            return "http://127.0.0.1:" + port;
        }
    }

    // --- OTLP protobuf (opentelemetry-proto trace/v1), only the fields the assertions read -------------------------

    /** ExportTraceServiceRequest { repeated ResourceSpans resource_spans = 1; } */
    static void exportRequest(byte[] b) {
        Reader r = new Reader(b);
        while (r.more()) {
            int tag = r.tag();
            if (tag >>> 3 == 1 && (tag & 7) == 2) {
                resourceSpans(r.bytes());
            } else {
                r.skip(tag);
            }
        }
    }

    /** ResourceSpans { Resource resource = 1; repeated ScopeSpans scope_spans = 2; } */
    private static void resourceSpans(byte[] b) {
        Reader r = new Reader(b);
        String service = "";
        List<byte[]> scopes = new ArrayList<>();
        while (r.more()) {
            int tag = r.tag();
            if (tag >>> 3 == 1 && (tag & 7) == 2) {
                // Resource { repeated KeyValue attributes = 1; }
                Reader res = new Reader(r.bytes());
                while (res.more()) {
                    int t = res.tag();
                    if (t >>> 3 == 1 && (t & 7) == 2) {
                        String[] kv = keyValue(res.bytes());
                        if ("service.name".equals(kv[0])) {
                            service = kv[1];
                        }
                    } else {
                        res.skip(t);
                    }
                }
            } else if (tag >>> 3 == 2 && (tag & 7) == 2) {
                scopes.add(r.bytes());
            } else {
                r.skip(tag);
            }
        }
        for (byte[] scope : scopes) {
            // ScopeSpans { InstrumentationScope scope = 1; repeated Span spans = 2; }
            Reader s = new Reader(scope);
            while (s.more()) {
                int t = s.tag();
                if (t >>> 3 == 2 && (t & 7) == 2) {
                    span(service, s.bytes());
                } else {
                    s.skip(t);
                }
            }
        }
    }

    private static final String[] KINDS = {"UNSPECIFIED", "INTERNAL", "SERVER", "CLIENT", "PRODUCER", "CONSUMER"};

    /** Span { trace_id = 1; span_id = 2; parent_span_id = 4; name = 5; kind = 6; repeated KeyValue attributes = 9; } */
    private static void span(String service, byte[] b) {
        Reader r = new Reader(b);
        String traceId = "", spanId = "", parent = "", name = "", kind = "UNSPECIFIED", destination = "";
        String path = null, query = null;
        HexFormat hex = HexFormat.of();
        while (r.more()) {
            int tag = r.tag();
            int field = tag >>> 3;
            if (field == 1 && (tag & 7) == 2) {
                traceId = hex.formatHex(r.bytes());
            } else if (field == 2 && (tag & 7) == 2) {
                spanId = hex.formatHex(r.bytes());
            } else if (field == 4 && (tag & 7) == 2) {
                parent = hex.formatHex(r.bytes());
            } else if (field == 5 && (tag & 7) == 2) {
                name = new String(r.bytes(), StandardCharsets.UTF_8);
            } else if (field == 6 && (tag & 7) == 0) {
                int k = (int) r.varint();
                kind = k >= 0 && k < KINDS.length ? KINDS[k] : "UNSPECIFIED";
            } else if (field == 9 && (tag & 7) == 2) {
                String[] kv = keyValue(r.bytes());
                if ("messaging.destination.name".equals(kv[0]) || "messaging.destination".equals(kv[0])) {
                    destination = kv[1];
                } else if ("url.path".equals(kv[0])) {
                    path = kv[1];
                } else if ("url.query".equals(kv[0])) {
                    query = kv[1];
                }
            } else {
                r.skip(tag);
            }
        }
        add(new Span(service, traceId, spanId, parent, kind, name.replace('|', '/'), destination,
                Span.url(path, query).replace('|', '/')));
    }

    /** KeyValue { string key = 1; AnyValue value = 2; }, AnyValue { string string_value = 1; ... } */
    private static String[] keyValue(byte[] b) {
        Reader r = new Reader(b);
        String key = "", value = "";
        while (r.more()) {
            int tag = r.tag();
            if (tag >>> 3 == 1 && (tag & 7) == 2) {
                key = new String(r.bytes(), StandardCharsets.UTF_8);
            } else if (tag >>> 3 == 2 && (tag & 7) == 2) {
                Reader v = new Reader(r.bytes());
                while (v.more()) {
                    int t = v.tag();
                    if (t >>> 3 == 1 && (t & 7) == 2) {
                        value = new String(v.bytes(), StandardCharsets.UTF_8);
                    } else {
                        v.skip(t);
                    }
                }
            } else {
                r.skip(tag);
            }
        }
        return new String[] {key, value};
    }

    /** The protobuf wire format: varints, length-delimited fields, fixed 32/64-bit fields. */
    private static final class Reader {
        private final byte[] b;
        private int pos;

        Reader(byte[] b) {
            this.b = b;
        }

        boolean more() {
            return pos < b.length;
        }

        int tag() {
            return (int) varint();
        }

        long varint() {
            long v = 0;
            for (int shift = 0; shift < 64; shift += 7) {
                byte x = b[pos++];
                v |= (long) (x & 0x7f) << shift;
                if ((x & 0x80) == 0) {
                    return v;
                }
            }
            throw new IllegalArgumentException("malformed varint");
        }

        byte[] bytes() {
            int n = (int) varint();
            byte[] out = Arrays.copyOfRange(b, pos, pos + n);
            pos += n;
            return out;
        }

        void skip(int tag) {
            switch (tag & 7) {
                case 0 -> varint();
                case 1 -> pos += 8;
                case 2 -> {
                    int n = (int) varint(); // read first: "pos += varint()" would add to the pos before the length
                    pos += n;
                }
                case 5 -> pos += 4;
                default -> throw new IllegalArgumentException("unsupported wire type " + (tag & 7));
            }
        }
    }
}

package cn.familyaid.settlement.telemetry;

import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.context.Context;
import io.opentelemetry.sdk.trace.ReadWriteSpan;
import io.opentelemetry.sdk.trace.ReadableSpan;
import io.opentelemetry.sdk.trace.SpanProcessor;
import jakarta.inject.Singleton;

/**
 * No personal data in traces: a span's URL is kept without its identifiers. A path segment with a digit in it (a
 * psn_no, a setl_id, a certificate number; not a version such as v1) becomes {@code *}, a query keeps its parameter
 * names only
 * ({@code psn_no=*&limit=*}); the route template ({@code http.route}, the span's name) says which endpoint it was.
 * Quarkus adds every CDI {@link SpanProcessor} to the tracer; this one runs when a span starts, before any exporter
 * sees it. Kafka spans carry topics, partitions and offsets, never keys or payloads.
 */
@Singleton
public class PersonalDataSpans implements SpanProcessor {
    static final AttributeKey<String> URL_PATH = AttributeKey.stringKey("url.path");
    static final AttributeKey<String> URL_QUERY = AttributeKey.stringKey("url.query");
    static final AttributeKey<String> URL_FULL = AttributeKey.stringKey("url.full");

    @Override
    public void onStart(Context parentContext, ReadWriteSpan span) {
        String path = span.getAttribute(URL_PATH);
        if (path != null) {
            span.setAttribute(URL_PATH, path(path));
        }
        String query = span.getAttribute(URL_QUERY);
        if (query != null) {
            span.setAttribute(URL_QUERY, query(query));
        }
        String full = span.getAttribute(URL_FULL);
        if (full != null) {
            int q = full.indexOf('?');
            int pathStart = full.indexOf('/', full.indexOf("//") + 2);
            String base = pathStart < 0 ? full : full.substring(0, pathStart);
            String p = pathStart < 0 ? "" : full.substring(pathStart, q < 0 ? full.length() : q);
            span.setAttribute(URL_FULL, base + path(p) + (q < 0 ? "" : "?" + query(full.substring(q + 1))));
        }
    }

    /** The path with every segment that looks like an identifier (a digit in it, longer than "v1") as {@code *}. */
    public static String path(String path) {
        String[] segments = path.split("/", -1);
        for (int i = 0; i < segments.length; i++) {
            if (segments[i].length() > 2 && segments[i].chars().anyMatch(Character::isDigit)) {
                segments[i] = "*";
            }
        }
        return String.join("/", segments);
    }

    /** The query's parameter names, each with the value {@code *}. */
    public static String query(String query) {
        StringBuilder out = new StringBuilder();
        for (String pair : query.split("&")) {
            if (pair.isEmpty()) {
                continue;
            }
            int eq = pair.indexOf('=');
            out.append(out.length() == 0 ? "" : "&").append(eq < 0 ? pair : pair.substring(0, eq)).append("=*");
        }
        return out.toString();
    }

    @Override
    public boolean isStartRequired() {
        return true;
    }

    @Override
    public void onEnd(ReadableSpan span) {
        // nothing: the attributes were masked at the start
    }

    @Override
    public boolean isEndRequired() {
        return false;
    }
}

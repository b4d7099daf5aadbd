package cn.familyaid.settlement.support;

import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.sdk.common.CompletableResultCode;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.export.SpanExporter;
import jakarta.inject.Singleton;

import java.util.Collection;

/**
 * This service's spans in the tests: a CDI {@link SpanExporter} (Quarkus then exports to it instead of OTLP) that
 * adds every finished span to {@link Spans}. Tracing is on in this module's tests ({@code %test} in
 * application.properties), so the trace test sees the settlement's own spans next to the wallet jar's.
 */
@Singleton
public class InMemorySpans implements SpanExporter {
    private static final AttributeKey<String> DESTINATION = AttributeKey.stringKey("messaging.destination.name");
    private static final AttributeKey<String> PATH = AttributeKey.stringKey("url.path");
    private static final AttributeKey<String> QUERY = AttributeKey.stringKey("url.query");

    @Override
    public CompletableResultCode export(Collection<SpanData> spans) {
        for (SpanData s : spans) {
            String service = s.getResource().getAttribute(AttributeKey.stringKey("service.name"));
            String destination = s.getAttributes().get(DESTINATION);
            Spans.add(new Spans.Span(service == null ? "" : service, s.getTraceId(), s.getSpanId(),
                    s.getParentSpanContext().isValid() ? s.getParentSpanId() : "", s.getKind().name(),
                    s.getName().replace('|', '/'), destination == null ? "" : destination,
                    Spans.Span.url(s.getAttributes().get(PATH), s.getAttributes().get(QUERY)).replace('|', '/')));
        }
        return CompletableResultCode.ofSuccess();
    }

    @Override
    public CompletableResultCode flush() {
        return CompletableResultCode.ofSuccess();
    }

    @Override
    public CompletableResultCode shutdown() {
        return CompletableResultCode.ofSuccess();
    }
}

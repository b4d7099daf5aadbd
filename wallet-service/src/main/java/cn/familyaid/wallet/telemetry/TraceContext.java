package cn.familyaid.wallet.telemetry;

import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.propagation.W3CTraceContextPropagator;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.propagation.TextMapGetter;

import java.util.List;

/**
 * The W3C {@code traceparent} of the current span, kept with what is done later (an outbox row, sent by the relay
 * after the request's transaction committed) and turned back into the parent of the later work, so that the
 * consumer's span joins the trace of the request that wrote the event. Nothing is kept when there is no recording
 * span (tracing off: {@code OTEL_SDK_DISABLED} left at its default).
 */
public final class TraceContext {
    public static final String TRACEPARENT = "traceparent";

    private static final TextMapGetter<String> FROM_TRACEPARENT = new TextMapGetter<>() {
        @Override
        public Iterable<String> keys(String carrier) {
            return List.of(TRACEPARENT);
        }

        @Override
        public String get(String carrier, String key) {
            return TRACEPARENT.equals(key) ? carrier : null;
        }
    };

    private TraceContext() {
    }

    /** The current span's traceparent ({@code 00-<trace id>-<span id>-<flags>}), or null without a valid span. */
    public static String traceparent() {
        Context current = Context.current();
        if (!Span.fromContext(current).getSpanContext().isValid()) {
            return null;
        }
        String[] value = new String[1];
        W3CTraceContextPropagator.getInstance().inject(current, value, (carrier, key, v) -> {
            if (carrier != null && TRACEPARENT.equals(key)) {
                carrier[0] = v;
            }
        });
        return value[0];
    }

    /** The context a kept traceparent names (the parent of the work done now), or null when none was kept. */
    public static Context restore(String traceparent) {
        if (traceparent == null || traceparent.isBlank()) {
            return null;
        }
        Context restored = W3CTraceContextPropagator.getInstance().extract(Context.root(), traceparent, FROM_TRACEPARENT);
        return Span.fromContext(restored).getSpanContext().isValid() ? restored : null;
    }
}

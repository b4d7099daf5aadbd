package cn.familyaid.settlement.bench;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The benchmark reads the services' /q/metrics to print group commit and the bearer-token cache; a sample's value
 * is the one after its name and labels, never an exemplar's (which once made it print "867 SETTLE commands in 1
 * transaction").
 */
class SampleValueTest {

    @Test
    void the_value_follows_the_name_and_its_labels() {
        assertThat(Bench.sampleValue("familyaid_ledger_group_size_sum 3.0")).hasValue(3.0);
        assertThat(Bench.sampleValue("familyaid_bearer_tokens_total{result=\"cached\"} 1342.0")).hasValue(1342.0);
        assertThat(Bench.sampleValue("kafka_consumer_io_wait_time_ns_total{client_id=\"c\"} 4.267635087E10"))
                .hasValue(4.267635087E10);
    }

    @Test
    void an_exemplar_is_not_the_value_with_or_without_labels() {
        assertThat(Bench.sampleValue("familyaid_ledger_group_size_count 3.0 # {span_id=\"0917cd0310bfc8cd\","
                + "trace_id=\"b84670b8b0ec8d0341f46f8e5d830457\"} 1.0 1796171044.720")).hasValue(3.0);
        assertThat(Bench.sampleValue("http_server_requests_seconds_count{method=\"POST\",status=\"201\"} 42.0 "
                + "# {span_id=\"a\",trace_id=\"b\"} 0.031 1796171044.720")).hasValue(42.0);
    }

    @Test
    void comments_and_broken_lines_have_no_value() {
        assertThat(Bench.sampleValue("# TYPE familyaid_ledger_group_size summary")).isEmpty();
        assertThat(Bench.sampleValue("")).isEmpty();
        assertThat(Bench.sampleValue("familyaid_x{result=\"cached\" 1.0")).isEmpty();
        assertThat(Bench.sampleValue("familyaid_x NaN-ish")).isEmpty();
    }
}

package cn.familyaid.wallet.support;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.util.List;
import java.util.Map;

/** A ledger reply as a requester reads it: the fields of its JSON. */
public record Answer(Map<String, Object> fields) {
    private static final ObjectMapper JSON = new ObjectMapper();

    @SuppressWarnings("unchecked")
    public static Answer of(String json) {
        try {
            return new Answer(JSON.readValue(json, Map.class));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    public Object get(String name) {
        return fields.get(name);
    }

    public boolean isOk() {
        return Boolean.TRUE.equals(fields.get("ok"));
    }

    /** What the reply's legs drew from accounts, in fen. */
    @SuppressWarnings("unchecked")
    public long drawnFen() {
        return ((List<Map<String, Object>>) fields.get("legs")).stream()
                .mapToLong(l -> ((Number) l.get("amount_fen")).longValue()).sum();
    }
}

package cn.familyaid.wallet.messaging;

import java.util.LinkedHashMap;
import java.util.Map;

/** A ledger command's reply: {@code {command_id, ok, code?, message?, …type-specific fields}}. */
public final class Reply {
    public static final String NOT_FOUND = "NOT_FOUND";
    public static final String INSUFFICIENT_BALANCE = "INSUFFICIENT_BALANCE";
    public static final String ACCOUNT_FROZEN = "ACCOUNT_FROZEN";
    public static final String ACCOUNT_CLOSED = "ACCOUNT_CLOSED";
    public static final String HOLD_NOT_PENDING = "HOLD_NOT_PENDING";
    public static final String HOLD_EXPIRED = "HOLD_EXPIRED";
    public static final String IDEMPOTENCY_CONFLICT = "IDEMPOTENCY_CONFLICT";
    public static final String VALIDATION = "VALIDATION";
    public static final String INTERNAL = "INTERNAL";
    /** A SETTLE that reached the ledger after its {@code not_after}: refused for good, nothing moved. */
    public static final String DEADLINE_PASSED = "DEADLINE_PASSED";
    /** The requester may not send this command (its type, the hold it names, or the requester it names). */
    public static final String FORBIDDEN_COMMAND = "FORBIDDEN_COMMAND";

    private final Map<String, Object> fields = new LinkedHashMap<>();

    private Reply(String commandId, boolean ok) {
        fields.put("command_id", commandId);
        fields.put("ok", ok);
    }

    public static Reply ok(String commandId) {
        return new Reply(commandId, true);
    }

    public static Reply refused(String commandId, String code, String message) {
        Reply r = new Reply(commandId, false);
        r.fields.put("code", code);
        r.fields.put("message", message);
        return r;
    }

    public static Reply fromMap(Map<String, Object> stored) {
        Reply r = new Reply(null, false);
        r.fields.clear();
        r.fields.putAll(stored);
        return r;
    }

    public Object get(String name) {
        return fields.get(name);
    }

    public Reply with(String name, Object value) {
        fields.put(name, value);
        return this;
    }

    public boolean isOk() {
        return Boolean.TRUE.equals(fields.get("ok"));
    }

    public Map<String, Object> fields() {
        return fields;
    }
}

package cn.familyaid.k8scheck;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MapperFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.cfg.CoercionAction;
import com.fasterxml.jackson.databind.cfg.CoercionInputShape;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.type.LogicalType;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.fabric8.kubernetes.api.model.Quantity;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.deser.std.StdDeserializer;
import com.fasterxml.jackson.databind.module.SimpleModule;
import java.io.IOException;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Validates core Kubernetes objects by a strict model: the YAML is bound to the fabric8 kubernetes-model class of its
 * apiVersion and kind with no scalar coercion ("two" is no integer, 8080 is no string), then the object graph is walked
 * and every non-empty {@code additionalProperties} map (where fabric8 keeps fields its model does not know) is an
 * unknown field.
 */
public final class CoreModels {

    /** apiVersion + " " + kind of the core kinds this checker knows, with their model classes. */
    static final Map<String, Class<? extends HasMetadata>> KINDS = new LinkedHashMap<>();

    static {
        List<Class<? extends HasMetadata>> classes = List.of(
                io.fabric8.kubernetes.api.model.ConfigMap.class,
                io.fabric8.kubernetes.api.model.Secret.class,
                io.fabric8.kubernetes.api.model.Service.class,
                io.fabric8.kubernetes.api.model.ServiceAccount.class,
                io.fabric8.kubernetes.api.model.PersistentVolumeClaim.class,
                io.fabric8.kubernetes.api.model.Namespace.class,
                io.fabric8.kubernetes.api.model.LimitRange.class,
                io.fabric8.kubernetes.api.model.ResourceQuota.class,
                io.fabric8.kubernetes.api.model.Pod.class,
                io.fabric8.kubernetes.api.model.apps.Deployment.class,
                io.fabric8.kubernetes.api.model.apps.StatefulSet.class,
                io.fabric8.kubernetes.api.model.apps.DaemonSet.class,
                io.fabric8.kubernetes.api.model.batch.v1.Job.class,
                io.fabric8.kubernetes.api.model.batch.v1.CronJob.class,
                io.fabric8.kubernetes.api.model.rbac.Role.class,
                io.fabric8.kubernetes.api.model.rbac.RoleBinding.class,
                io.fabric8.kubernetes.api.model.rbac.ClusterRole.class,
                io.fabric8.kubernetes.api.model.rbac.ClusterRoleBinding.class,
                io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget.class,
                io.fabric8.kubernetes.api.model.autoscaling.v2.HorizontalPodAutoscaler.class,
                io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy.class,
                io.fabric8.kubernetes.api.model.networking.v1.Ingress.class,
                io.fabric8.kubernetes.api.model.networking.v1.IngressClass.class);
        for (Class<? extends HasMetadata> c : classes) {
            KINDS.put(HasMetadata.getApiVersion(c) + " " + HasMetadata.getKind(c), c);
        }
    }

    private static final ObjectMapper STRICT = strictMapper();

    private static final Map<Class<?>, List<Field>> FIELDS = new ConcurrentHashMap<>();

    private CoreModels() {
    }

    static ObjectMapper strictMapper() {
        ObjectMapper m = JsonMapper.builder()
                .disable(MapperFeature.ALLOW_COERCION_OF_SCALARS)
                .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
                .enable(DeserializationFeature.FAIL_ON_NUMBERS_FOR_ENUMS)
                .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
                .enable(DeserializationFeature.FAIL_ON_READING_DUP_TREE_KEY)
                .disable(DeserializationFeature.ACCEPT_FLOAT_AS_INT)
                .disable(DeserializationFeature.ACCEPT_SINGLE_VALUE_AS_ARRAY)
                .addModule(new SimpleModule().addDeserializer(Quantity.class, new QuantityDeserializer()))
                .build();
        for (LogicalType t : new LogicalType[] {LogicalType.Textual, LogicalType.Boolean, LogicalType.Integer,
                LogicalType.Float}) {
            m.coercionConfigFor(t)
                    .setAcceptBlankAsEmpty(false)
                    .setCoercion(CoercionInputShape.Integer, t == LogicalType.Integer || t == LogicalType.Float
                            ? CoercionAction.TryConvert : CoercionAction.Fail)
                    .setCoercion(CoercionInputShape.Float, t == LogicalType.Float ? CoercionAction.TryConvert : CoercionAction.Fail)
                    .setCoercion(CoercionInputShape.Boolean, t == LogicalType.Boolean ? CoercionAction.TryConvert : CoercionAction.Fail)
                    .setCoercion(CoercionInputShape.String, t == LogicalType.Textual ? CoercionAction.TryConvert : CoercionAction.Fail)
                    .setCoercion(CoercionInputShape.EmptyString, t == LogicalType.Textual ? CoercionAction.TryConvert : CoercionAction.Fail);
        }
        return m;
    }

    /** A quantity is a string or a number ({@code cpu: 1}), as the API server takes it; nothing else. */
    static final class QuantityDeserializer extends StdDeserializer<Quantity> {
        QuantityDeserializer() {
            super(Quantity.class);
        }

        @Override
        public Quantity deserialize(JsonParser p, DeserializationContext ctxt) throws IOException {
            JsonToken t = p.currentToken();
            if (t == JsonToken.VALUE_STRING || t == JsonToken.VALUE_NUMBER_INT || t == JsonToken.VALUE_NUMBER_FLOAT) {
                String text = p.getText();
                try {
                    Quantity.getAmountInBytes(new Quantity(text));
                } catch (RuntimeException e) {
                    return (Quantity) ctxt.handleWeirdStringValue(Quantity.class, text, "not a quantity");
                }
                return new Quantity(text);
            }
            return (Quantity) ctxt.handleUnexpectedToken(Quantity.class, p);
        }
    }

    public static boolean knows(Doc d) {
        return KINDS.containsKey(d.apiVersion() + " " + d.kind());
    }

    /** The problems of one core object; empty when it binds to its model with no unknown field. */
    public static List<String> validate(Doc d) {
        Class<? extends HasMetadata> c = KINDS.get(d.apiVersion() + " " + d.kind());
        List<String> problems = new ArrayList<>();
        Object bound;
        try {
            bound = STRICT.treeToValue(d.node(), c);
        } catch (JsonMappingException e) {
            problems.add("wrong type at " + path(e) + ": " + e.getOriginalMessage().replaceAll("\\s+", " "));
            return problems;
        } catch (Exception e) {
            problems.add("cannot be read as " + c.getSimpleName() + ": " + e.getMessage());
            return problems;
        }
        walk(bound, "", problems);
        return problems;
    }

    /** Binds metadata alone (for custom resources, whose CRD schemas leave metadata to the API server). */
    public static List<String> validateMetadata(JsonNode metadata) {
        List<String> problems = new ArrayList<>();
        if (metadata == null || metadata.isMissingNode()) {
            return problems;
        }
        try {
            walk(STRICT.treeToValue(metadata, ObjectMeta.class), "metadata", problems);
        } catch (JsonMappingException e) {
            problems.add("wrong type at metadata." + path(e) + ": " + e.getOriginalMessage().replaceAll("\\s+", " "));
        } catch (Exception e) {
            problems.add("metadata cannot be read: " + e.getMessage());
        }
        return problems;
    }

    private static String path(JsonMappingException e) {
        StringBuilder b = new StringBuilder();
        for (JsonMappingException.Reference r : e.getPath()) {
            if (r.getIndex() >= 0) {
                b.append('[').append(r.getIndex()).append(']');
            } else if (r.getFieldName() != null) {
                if (b.length() > 0) {
                    b.append('.');
                }
                b.append(r.getFieldName());
            }
        }
        return b.length() == 0 ? "(root)" : b.toString();
    }

    /** Reports every non-empty additionalProperties map below {@code o}, by its YAML path. */
    static void walk(Object o, String path, List<String> problems) {
        if (o == null) {
            return;
        }
        if (o instanceof Collection<?> list) {
            int i = 0;
            for (Object e : list) {
                walk(e, path + "[" + i++ + "]", problems);
            }
            return;
        }
        if (o instanceof Map<?, ?> map) {
            for (Map.Entry<?, ?> e : map.entrySet()) {
                walk(e.getValue(), path + "[" + e.getKey() + "]", problems);
            }
            return;
        }
        if (!o.getClass().getName().startsWith("io.fabric8.")) {
            return;
        }
        for (Field f : fields(o.getClass())) {
            Object v;
            try {
                v = f.get(o);
            } catch (IllegalAccessException e) {
                throw new IllegalStateException(e);
            }
            if (v == null) {
                continue;
            }
            if (f.getName().equals("additionalProperties") && v instanceof Map<?, ?> extra) {
                for (Object key : extra.keySet()) {
                    problems.add("unknown field " + (path.isEmpty() ? "" : path + ".") + key);
                }
                continue;
            }
            JsonProperty p = f.getAnnotation(JsonProperty.class);
            String name = p != null && !p.value().isEmpty() ? p.value() : f.getName();
            walk(v, path.isEmpty() ? name : path + "." + name, problems);
        }
    }

    private static List<Field> fields(Class<?> c) {
        return FIELDS.computeIfAbsent(c, k -> {
            List<Field> out = new ArrayList<>();
            for (Class<?> x = k; x != null && x != Object.class; x = x.getSuperclass()) {
                for (Field f : x.getDeclaredFields()) {
                    if (!Modifier.isStatic(f.getModifiers())) {
                        f.setAccessible(true);
                        out.add(f);
                    }
                }
            }
            return out;
        });
    }
}

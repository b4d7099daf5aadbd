package cn.familyaid.binding.domain;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import java.time.OffsetDateTime;
import java.util.UUID;

/** A {@code request_id} already answered: the hash of what was asked and the answer (also refusals). */
@Entity
@Table(name = "binding_request")
public class RecordedRequest extends PanacheEntityBase {
    @Id
    @Column(name = "request_id")
    public String requestId;
    @Column(name = "request_hash")
    public String requestHash;
    @Column(name = "http_status")
    public int httpStatus;
    @Column(name = "content_type")
    public String contentType;
    public String response;
    @Column(name = "binding_id")
    public UUID bindingId;
    @Column(name = "created_at")
    public OffsetDateTime createdAt;
}

package org.novalab.api.compute.keypair;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;

/** A key pair as Nova's {@code key_pairs} table keeps it: a user's, by name; only its public half. */
@Entity
@Table(name = "key_pairs")
public class KeyPairEntity {
    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    private Long id;
    @Column(name = "user_id", nullable = false)
    private String userId;
    @Column(nullable = false)
    private String name;
    @Column(name = "key_type", nullable = false)
    private String type;
    @Column(nullable = false)
    private String fingerprint;
    @Column(name = "public_key", nullable = false, length = 65535)
    private String publicKey;
    @Column(name = "created_at", nullable = false)
    private Instant createdAt;

    protected KeyPairEntity() {
    }

    KeyPairEntity(String userId, String name, KeyType type, String fingerprint, String publicKey, Instant createdAt) {
        this.userId = userId;
        this.name = name;
        this.type = type.value();
        this.fingerprint = fingerprint;
        this.publicKey = publicKey;
        this.createdAt = createdAt;
    }

    public Long id() {
        return id;
    }

    public String userId() {
        return userId;
    }

    public String name() {
        return name;
    }

    public KeyType type() {
        return KeyType.of(type);
    }

    public String fingerprint() {
        return fingerprint;
    }

    public String publicKey() {
        return publicKey;
    }

    public Instant createdAt() {
        return createdAt;
    }
}

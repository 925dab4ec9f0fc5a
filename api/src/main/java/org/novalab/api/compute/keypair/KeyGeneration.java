package org.novalab.api.compute.keypair;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyStore;
import java.security.SecureRandom;
import java.security.Signature;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.security.interfaces.RSAPublicKey;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Arrays;
import java.util.Base64;

/**
 * Key pairs Nova generates when none is imported: an RSA 2048 ssh key (private key as PKCS#1 PEM, public key as
 * {@code ssh-rsa ... Generated-by-Nova}), or for {@code x509} a self-signed client certificate for WinRM ({@code
 * CN=<user id>}, client authentication, the user principal name {@code <user id>@localhost}, ten years) whose private
 * key is a PKCS#12 bundle with an empty password, base64-encoded. The private key leaves only in the answer.
 */
final class KeyGeneration {
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final String SHA256_WITH_RSA = "1.2.840.113549.1.1.11";
    private static final String COMMON_NAME = "2.5.4.3";
    private static final String EXTENDED_KEY_USAGE = "2.5.29.37";
    private static final String CLIENT_AUTH = "1.3.6.1.5.5.7.3.2";
    private static final String SUBJECT_ALT_NAME = "2.5.29.17";
    private static final String MS_USER_PRINCIPAL_NAME = "1.3.6.1.4.1.311.20.2.3";
    private static final Duration VALIDITY = Duration.ofDays(3650);

    /** One per process: its background thread serves every server a test JVM starts. */
    private static final RsaKeyReserve RSA_KEYS = new RsaKeyReserve();

    private final Clock clock;

    KeyGeneration(Clock clock) {
        this.clock = clock;
    }

    record Generated(String privateKey, String publicKey, String fingerprint) {
        @Override
        public String toString() {
            return "Generated[publicKey=" + publicKey + ", fingerprint=" + fingerprint + "]";
        }
    }

    Generated ssh() {
        KeyPair pair = rsa();
        RSAPublicKey pub = (RSAPublicKey) pair.getPublic();
        ByteArrayOutputStream blob = new ByteArrayOutputStream();
        sshString(blob, "ssh-rsa".getBytes(StandardCharsets.US_ASCII));
        sshString(blob, mpint(pub.getPublicExponent()));
        sshString(blob, mpint(pub.getModulus()));
        String publicKey = "ssh-rsa " + Base64.getEncoder().encodeToString(blob.toByteArray()) + " Generated-by-Nova";
        byte[] pkcs8 = pair.getPrivate().getEncoded();
        byte[] pkcs1 = pkcs1Of(pkcs8);
        Arrays.fill(pkcs8, (byte) 0);
        String privateKey = pem("RSA PRIVATE KEY", pkcs1);
        Arrays.fill(pkcs1, (byte) 0);
        return new Generated(privateKey, publicKey, SshPublicKey.fingerprint(publicKey));
    }

    Generated x509(String userId) {
        KeyPair pair = rsa();
        try {
            X509Certificate cert = selfSigned(pair, userId);
            KeyStore bundle = KeyStore.getInstance("PKCS12");
            bundle.load(null, null);
            bundle.setKeyEntry("nova", pair.getPrivate(), new char[0], new Certificate[] {cert});
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            bundle.store(out, new char[0]);
            byte[] p12 = out.toByteArray();
            String privateKey = Base64.getEncoder().encodeToString(p12);
            Arrays.fill(p12, (byte) 0);
            String certificate = X509Certificates.pem(cert.getEncoded());
            return new Generated(privateKey, certificate, X509Certificates.fingerprint(certificate));
        } catch (GeneralSecurityException | java.io.IOException e) {
            throw new IllegalStateException("generating an x509 key pair failed: " + e.getClass().getSimpleName(), e);
        }
    }

    private X509Certificate selfSigned(KeyPair pair, String userId) throws GeneralSecurityException {
        Instant now = clock.instant().truncatedTo(ChronoUnit.SECONDS);
        byte[] algorithm = Der.sequence(Der.oid(SHA256_WITH_RSA), Der.nul());
        byte[] name = Der.sequence(Der.set(Der.sequence(Der.oid(COMMON_NAME), Der.utf8(userId))));
        byte[] clientAuth = Der.sequence(Der.oid(EXTENDED_KEY_USAGE),
                Der.octetString(Der.sequence(Der.oid(CLIENT_AUTH))));
        // GeneralName otherName is [0] IMPLICIT OtherName ::= SEQUENCE { type-id, [0] EXPLICIT value }
        byte[] otherName = Der.element(0xa0, Der.concat(Der.oid(MS_USER_PRINCIPAL_NAME),
                Der.explicit(0, Der.utf8(userId + "@localhost"))));
        byte[] upn = Der.sequence(Der.oid(SUBJECT_ALT_NAME), Der.octetString(Der.sequence(otherName)));
        byte[] tbs = Der.sequence(
                Der.explicit(0, Der.integer(BigInteger.TWO)),
                Der.integer(new BigInteger(127, RANDOM).add(BigInteger.ONE)),
                algorithm,
                name,
                Der.sequence(Der.time(now), Der.time(now.plus(VALIDITY))),
                name,
                pair.getPublic().getEncoded(),
                Der.explicit(3, Der.sequence(clientAuth, upn)));
        Signature signer = Signature.getInstance("SHA256withRSA");
        signer.initSign(pair.getPrivate());
        signer.update(tbs);
        byte[] der = Der.sequence(tbs, algorithm, Der.bitString(signer.sign()));
        X509Certificate cert = (X509Certificate) CertificateFactory.getInstance("X.509")
                .generateCertificate(new ByteArrayInputStream(der));
        cert.verify(pair.getPublic());
        return cert;
    }

    private KeyPair rsa() {
        return RSA_KEYS.take();
    }

    /** PKCS#8 PrivateKeyInfo ::= SEQUENCE { version, AlgorithmIdentifier, OCTET STRING (the PKCS#1 key) }. */
    private static byte[] pkcs1Of(byte[] pkcs8) {
        byte[] info = new Der.Reader(pkcs8).next(Der.SEQUENCE);
        Der.Reader fields = new Der.Reader(info);
        fields.skip(Der.INTEGER);
        fields.skip(Der.SEQUENCE);
        byte[] key = fields.next(Der.OCTET_STRING);
        Arrays.fill(info, (byte) 0);
        return key;
    }

    private static String pem(String label, byte[] der) {
        return "-----BEGIN " + label + "-----\n"
                + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII)).encodeToString(der)
                + "\n-----END " + label + "-----\n";
    }

    private static byte[] mpint(BigInteger value) {
        return value.toByteArray(); // two's complement, big-endian: a leading zero when the top bit is set
    }

    private static void sshString(ByteArrayOutputStream out, byte[] value) {
        out.writeBytes(ByteBuffer.allocate(4).putInt(value.length).array());
        out.writeBytes(value);
    }
}

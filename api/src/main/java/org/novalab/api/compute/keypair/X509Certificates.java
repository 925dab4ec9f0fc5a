package org.novalab.api.compute.keypair;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.Base64;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The public half of an {@code x509} key pair: a PEM certificate, read as pyca/cryptography's
 * {@code load_pem_x509_certificate} reads one (Nova's {@code generate_x509_fingerprint}), fingerprinted as the SHA-1
 * of its DER encoding in colon-separated hex.
 */
final class X509Certificates {
    private static final Pattern PEM = Pattern.compile(
            "-----BEGIN (X509 )?CERTIFICATE-----\\s*([A-Za-z0-9+/=\\s]+?)\\s*-----END (X509 )?CERTIFICATE-----");

    private X509Certificates() {
    }

    static String fingerprint(String pem) {
        try {
            return SshPublicKey.colonHex(sha1(parse(pem).getEncoded()));
        } catch (java.security.cert.CertificateEncodingException e) {
            throw invalid("the certificate cannot be encoded");
        }
    }

    static X509Certificate parse(String pem) {
        Matcher m = PEM.matcher(pem);
        if (!m.find()) {
            throw invalid("no PEM certificate (-----BEGIN CERTIFICATE-----) was found");
        }
        byte[] der;
        try {
            der = Base64.getMimeDecoder().decode(m.group(2).replaceAll("\\s", "").getBytes(StandardCharsets.US_ASCII));
        } catch (IllegalArgumentException e) {
            throw invalid("the certificate is not valid base64");
        }
        try {
            return (X509Certificate) CertificateFactory.getInstance("X.509")
                    .generateCertificate(new ByteArrayInputStream(der));
        } catch (CertificateException | ClassCastException e) {
            throw invalid("the data is not an X.509 certificate");
        }
    }

    static String pem(byte[] der) {
        return "-----BEGIN CERTIFICATE-----\n" + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII))
                .encodeToString(der) + "\n-----END CERTIFICATE-----\n";
    }

    private static byte[] sha1(byte[] der) {
        try {
            return MessageDigest.getInstance("SHA-1").digest(der);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static InvalidKeyPair invalid(String why) {
        return new InvalidKeyPair("failed to generate X509 fingerprint. Error message: " + why);
    }
}

package org.novalab.api.compute.keypair;

import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.spec.DSAPublicKeySpec;
import java.security.spec.ECFieldFp;
import java.security.spec.ECGenParameterSpec;
import java.security.spec.ECParameterSpec;
import java.security.spec.ECPoint;
import java.security.spec.ECPublicKeySpec;
import java.security.spec.EllipticCurve;
import java.security.spec.RSAPublicKeySpec;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * An OpenSSH public key line ({@code ssh-ed25519 AAAAC3... comment}) read as Nova reads one: pyca/cryptography's
 * {@code load_ssh_public_key} must take it (the type names the blob's own type, every number and point is valid for
 * its algorithm, nothing trails the key), and its fingerprint is the MD5 of the decoded second field as
 * colon-separated hex. RSA, ECDSA (P-256, P-384, P-521), Ed25519 and DSA keys are taken, and OpenSSH certificates
 * of them, as there.
 */
final class SshPublicKey {
    /** OpenSSH certificates carry a key of the type before this suffix; pyca/cryptography reads them too. */
    private static final String CERTIFICATE = "-cert-v01@openssh.com";
    private static final Pattern LINE = Pattern.compile("\\A(\\S+)[ \\t]+(\\S+)");
    private static final Map<String, String> CURVES = Map.of("ecdsa-sha2-nistp256", "nistp256",
            "ecdsa-sha2-nistp384", "nistp384", "ecdsa-sha2-nistp521", "nistp521");
    private static final Map<String, String> JDK_CURVES = Map.of("nistp256", "secp256r1", "nistp384", "secp384r1",
            "nistp521", "secp521r1");
    private static final Set<Integer> DSA_P_BITS = Set.of(1024, 2048, 3072, 4096);
    private static final Set<Integer> DSA_Q_BITS = Set.of(160, 224, 256);

    private SshPublicKey() {
    }

    /**
     * @return Nova's fingerprint of {@code line}
     * @throws InvalidKeyPair "failed to generate fingerprint" when the line is not a key Nova takes
     */
    static String fingerprint(String line) {
        Matcher m = LINE.matcher(line);
        if (!m.find()) {
            throw invalid();
        }
        String type = m.group(1);
        byte[] blob = decode(m.group(2));
        check(type, ByteBuffer.wrap(blob));
        // Nova hashes the second field split at single spaces, which is the key body for a well-formed line
        String[] fields = line.split(" ", -1);
        if (fields.length < 2) {
            throw invalid();
        }
        return colonHex(md5(decode(fields[1])));
    }

    private static void check(String type, ByteBuffer data) {
        String inner = new String(string(data), StandardCharsets.ISO_8859_1);
        if (!inner.equals(type)) {
            throw invalid();
        }
        boolean certificate = type.endsWith(CERTIFICATE);
        String keyType = certificate ? type.substring(0, type.length() - CERTIFICATE.length()) : type;
        if (certificate) {
            string(data); // nonce
        }
        try {
            switch (keyType) {
                case "ssh-rsa" -> rsa(data);
                case "ssh-ed25519" -> {
                    if (string(data).length != 32) {
                        throw invalid();
                    }
                }
                case "ssh-dss" -> dsa(data);
                default -> {
                    String curve = CURVES.get(keyType);
                    if (curve == null) {
                        throw invalid();
                    }
                    ecdsa(curve, data);
                }
            }
        } catch (GeneralSecurityException e) {
            throw invalid();
        }
        if (certificate) {
            // serial, type, key id, principals, validity, critical options, extensions, reserved, CA key, signature
            fixed(data, 8 + 4);
            string(data);
            string(data);
            fixed(data, 8 + 8);
            for (int i = 0; i < 5; i++) {
                string(data);
            }
        }
        if (data.hasRemaining()) {
            throw invalid();
        }
    }

    private static void rsa(ByteBuffer data) throws GeneralSecurityException {
        BigInteger e = mpint(data);
        BigInteger n = mpint(data);
        // OpenSSL's check of public RSA numbers, as pyca/cryptography applies it
        if (n.compareTo(BigInteger.valueOf(3)) < 0 || e.compareTo(BigInteger.valueOf(3)) < 0 || e.compareTo(n) >= 0
                || !e.testBit(0)) {
            throw invalid();
        }
        KeyFactory.getInstance("RSA").generatePublic(new RSAPublicKeySpec(n, e));
    }

    private static void dsa(ByteBuffer data) throws GeneralSecurityException {
        BigInteger p = mpint(data);
        BigInteger q = mpint(data);
        BigInteger g = mpint(data);
        BigInteger y = mpint(data);
        if (!DSA_P_BITS.contains(p.bitLength()) || !DSA_Q_BITS.contains(q.bitLength())
                || g.compareTo(BigInteger.ONE) <= 0 || g.compareTo(p) >= 0) {
            throw invalid();
        }
        KeyFactory.getInstance("DSA").generatePublic(new DSAPublicKeySpec(y, p, q, g));
    }

    private static void ecdsa(String curve, ByteBuffer data) throws GeneralSecurityException {
        String named = new String(string(data), StandardCharsets.ISO_8859_1);
        byte[] point = string(data);
        if (!named.equals(curve)) {
            throw invalid();
        }
        java.security.AlgorithmParameters params = java.security.AlgorithmParameters.getInstance("EC");
        params.init(new ECGenParameterSpec(JDK_CURVES.get(curve)));
        ECParameterSpec spec = params.getParameterSpec(ECParameterSpec.class);
        int size = (spec.getCurve().getField().getFieldSize() + 7) / 8;
        if (point.length != 1 + 2 * size || point[0] != 4) {
            throw invalid();
        }
        BigInteger x = new BigInteger(1, java.util.Arrays.copyOfRange(point, 1, 1 + size));
        BigInteger y = new BigInteger(1, java.util.Arrays.copyOfRange(point, 1 + size, point.length));
        if (!onCurve(spec.getCurve(), x, y)) {
            throw invalid();
        }
        KeyFactory.getInstance("EC").generatePublic(new ECPublicKeySpec(new ECPoint(x, y), spec));
    }

    /** y^2 = x^3 + ax + b over the curve's prime field (the JDK's key factory does not check it). */
    private static boolean onCurve(EllipticCurve curve, BigInteger x, BigInteger y) {
        BigInteger p = ((ECFieldFp) curve.getField()).getP();
        if (x.compareTo(p) >= 0 || y.compareTo(p) >= 0) {
            return false;
        }
        BigInteger left = y.modPow(BigInteger.TWO, p);
        BigInteger right = x.pow(3).add(curve.getA().multiply(x)).add(curve.getB()).mod(p);
        return left.equals(right);
    }

    private static void fixed(ByteBuffer data, int bytes) {
        if (data.remaining() < bytes) {
            throw invalid();
        }
        data.position(data.position() + bytes);
    }

    private static byte[] string(ByteBuffer data) {
        if (data.remaining() < 4) {
            throw invalid();
        }
        long length = Integer.toUnsignedLong(data.getInt());
        if (length > data.remaining()) {
            throw invalid();
        }
        byte[] value = new byte[(int) length];
        data.get(value);
        return value;
    }

    /** An SSH mpint that must not be negative. */
    private static BigInteger mpint(ByteBuffer data) {
        byte[] value = string(data);
        if (value.length > 0 && (value[0] & 0x80) != 0) {
            throw invalid();
        }
        return new BigInteger(1, value);
    }

    /** Python's lenient base64: characters outside the alphabet are dropped, the padding must be right. */
    private static byte[] decode(String text) {
        StringBuilder kept = new StringBuilder(text.length());
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if ((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '+' || c == '/'
                    || c == '=') {
                kept.append(c);
            }
        }
        if (kept.length() % 4 != 0) {
            throw invalid();
        }
        try {
            return Base64.getDecoder().decode(kept.toString());
        } catch (IllegalArgumentException e) {
            throw invalid();
        }
    }

    static byte[] md5(byte[] data) {
        try {
            return MessageDigest.getInstance("MD5").digest(data);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** {@code 4a:f0:...}: lower-case hex, two digits per byte, joined by colons. */
    static String colonHex(byte[] digest) {
        return HexFormat.ofDelimiter(":").formatHex(digest);
    }

    private static InvalidKeyPair invalid() {
        return new InvalidKeyPair("failed to generate fingerprint");
    }
}

package dev.hallmark.web.acme;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSObject;
import com.nimbusds.jose.JWSVerifier;
import com.nimbusds.jose.crypto.ECDSAVerifier;
import com.nimbusds.jose.crypto.RSASSAVerifier;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.OctetKeyPair;
import com.nimbusds.jose.jwk.RSAKey;
import dev.hallmark.acme.AccountKey;
import dev.hallmark.acme.AcmeAccount;
import dev.hallmark.acme.AcmeAccounts;
import dev.hallmark.acme.AcmeException;
import dev.hallmark.acme.AcmeNonces;
import dev.hallmark.acme.AcmeProblem;
import dev.hallmark.acme.EabBinding;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PublicKey;
import java.security.Signature;
import java.security.spec.X509EncodedKeySpec;
import java.text.ParseException;
import java.util.Base64;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;
import tools.jackson.core.JacksonException;
import tools.jackson.core.StreamReadFeature;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Every JWS rule of RFC 8555 section 6.2 and 6.3, in one ordered pipeline, before any handler runs (after
 * Boulder's {@code wfe2/verify.go}): content type → the raw JSON structure → the protected header →
 * algorithm → nonce → url → key or account → signature → payload. Each step refuses with the problem type
 * that names what is wrong. The structure is checked here, on the raw JSON, before the JOSE library sees it,
 * so that nothing a library tolerates (duplicate members, an unprotected header, a second signature, the
 * {@code b64} and {@code crit} extensions) reaches the signature check.
 */
final class JwsVerifier {

    /** RFC 8555 section 6.2: asymmetric algorithms only; HMAC appears only inside external account binding. */
    static final List<String> ALGORITHMS = List.of("ES256", "ES384", "RS256", "EdDSA");
    static final String CONTENT_TYPE = "application/jose+json";
    /** RSA keys below this size are refused (NIST SP 800-131A, as for CSRs). */
    static final int MIN_RSA_BITS = 2048;

    private static final Set<String> FLATTENED = Set.of("protected", "payload", "signature");
    private static final Pattern BASE64URL = Pattern.compile("[A-Za-z0-9_-]*");
    private static final byte[] ED25519_SPKI_PREFIX = {0x30, 0x2a, 0x30, 0x05, 0x06, 0x03, 0x2b, 0x65, 0x70, 0x03,
            0x21, 0x00};

    static final JsonMapper JSON = JsonMapper.builder().enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION).build();

    /** Which key a request must carry (RFC 8555 section 6.2). */
    enum KeyKind {
        /** newAccount: the key itself. */
        JWK,
        /** every other request: an existing account's URL. */
        KID,
        /** revokeCert: the account, or the certificate's own key. */
        EITHER
    }

    /**
     * A request whose JWS passed every check.
     *
     * @param payload the decoded payload; empty for POST-as-GET
     * @param key the key of a {@code jwk} request, else null
     * @param account the account of a {@code kid} request, else null
     */
    record Verified(JsonNode header, byte[] payload, AccountKey key, AcmeAccount account) {

        boolean postAsGet() {
            return payload.length == 0;
        }

        /** The payload as a JSON object; POST-as-GET or anything other than an object is malformed here. */
        JsonNode json() {
            if (postAsGet()) {
                throw new AcmeException(AcmeProblem.malformed, "this request needs a payload; POST-as-GET is not one");
            }
            JsonNode node = parseObject(payload, "payload");
            return node;
        }
    }

    private final AcmeNonces nonces;
    private final AcmeAccounts accounts;

    JwsVerifier(AcmeNonces nonces, AcmeAccounts accounts) {
        this.nonces = nonces;
        this.accounts = accounts;
    }

    Verified verify(String contentType, byte[] body, String requestUrl, AcmeUrls urls, KeyKind kind) {
        // 1. content type (RFC 8555 section 6.2)
        if (contentType == null || !contentType.split(";", 2)[0].trim().equalsIgnoreCase(CONTENT_TYPE)) {
            throw new AcmeException(AcmeProblem.malformed, 415, "requests must have Content-Type " + CONTENT_TYPE);
        }
        // 2. flattened JSON serialization, exactly one signature, no unprotected header
        JsonNode jws = parseObject(body, "request body");
        if (jws.has("signatures")) {
            throw new AcmeException(AcmeProblem.malformed, "only the flattened JSON serialization with one signature"
                    + " is accepted, not the general serialization");
        }
        if (jws.has("header")) {
            throw new AcmeException(AcmeProblem.malformed, "the JWS must not have an unprotected header");
        }
        for (String name : jws.propertyNames()) {
            if (!FLATTENED.contains(name)) {
                throw new AcmeException(AcmeProblem.malformed, "unexpected member '" + quote(name) + "' in the JWS");
            }
        }
        String protectedPart = base64urlMember(jws, "protected");
        String payloadPart = base64urlMember(jws, "payload");
        String signaturePart = base64urlMember(jws, "signature");
        // 3. the protected header
        JsonNode header = parseObject(decode(protectedPart, "protected"), "protected header");
        if (header.has("b64") || header.has("crit")) {
            throw new AcmeException(AcmeProblem.malformed, "the protected header must not use b64 or crit"
                    + " (RFC 8555 section 6.2)");
        }
        // 4. algorithm
        String alg = stringMember(header, "alg", AcmeProblem.badSignatureAlgorithm);
        if (!ALGORITHMS.contains(alg)) {
            throw new AcmeException(AcmeProblem.badSignatureAlgorithm, "algorithm '" + quote(alg)
                    + "' is not accepted; use one of " + ALGORITHMS);
        }
        if (signaturePart.isEmpty()) {
            throw new AcmeException(AcmeProblem.malformed, "the JWS has no signature");
        }
        // 5. nonce: spent here, once, whatever follows
        String nonce = stringMember(header, "nonce", AcmeProblem.badNonce);
        if (nonce.isEmpty() || !BASE64URL.matcher(nonce).matches() || nonce.length() > 64 || !nonces.spend(nonce)) {
            throw new AcmeException(AcmeProblem.badNonce, "the nonce is unknown, used already or expired; take the"
                    + " Replay-Nonce of this answer");
        }
        // 6. url
        String url = stringMember(header, "url", AcmeProblem.malformed);
        if (!url.equals(requestUrl)) {
            throw new AcmeException(AcmeProblem.unauthorized, "the JWS url '" + quote(url)
                    + "' is not the URL this request was sent to (" + requestUrl + ")");
        }
        // 7. exactly one of jwk and kid, the one this resource takes
        boolean hasJwk = header.has("jwk");
        boolean hasKid = header.has("kid");
        if (hasJwk == hasKid) {
            throw new AcmeException(AcmeProblem.malformed, "the protected header must have exactly one of jwk and kid");
        }
        if (hasJwk && kind == KeyKind.KID) {
            throw new AcmeException(AcmeProblem.malformed, "this request must name its account by kid, not send a jwk");
        }
        if (hasKid && kind == KeyKind.JWK) {
            throw new AcmeException(AcmeProblem.malformed, "this request must send its key as jwk, not a kid");
        }
        JWK jwk;
        AccountKey key = null;
        AcmeAccount account = null;
        if (hasJwk) {
            JsonNode node = header.get("jwk");
            if (!node.isObject()) {
                throw new AcmeException(AcmeProblem.malformed, "jwk must be a JSON object");
            }
            jwk = publicKey(node.toString());
            key = accountKey(jwk);
        } else {
            String kid = stringMember(header, "kid", AcmeProblem.malformed);
            String id = urls.accountId(kid);
            account = id == null ? null : accounts.find(id).orElse(null);
            if (account == null) {
                throw new AcmeException(AcmeProblem.accountDoesNotExist, "no account at '" + quote(kid) + "'");
            }
            if (!account.valid()) {
                throw new AcmeException(AcmeProblem.unauthorized, "the account is " + account.status());
            }
            jwk = publicKey(account.jwk());
        }
        checkKeyFitsAlgorithm(jwk, alg);
        // 8. signature
        if (!signatureValid(protectedPart + "." + payloadPart + "." + signaturePart, jwk)) {
            throw new AcmeException(AcmeProblem.malformed, "the JWS signature is not valid for the key");
        }
        return new Verified(header, decode(payloadPart, "payload"), key, account);
    }

    /** The inner JWS of a key change, verified by the new key it carries (RFC 8555 section 7.3.5). */
    record Inner(AccountKey key, JsonNode payload) {
    }

    /**
     * The inner JWS of keyChange: the same structure and algorithm rules as any request, its own key as
     * {@code jwk} (no {@code kid}), no nonce, and the outer request's {@code url}.
     */
    Inner verifyInner(byte[] outerPayload, String outerUrl) {
        JsonNode jws = parseObject(outerPayload, "inner JWS");
        if (jws.has("signatures") || jws.has("header")) {
            throw new AcmeException(AcmeProblem.malformed, "the inner JWS must be flattened JSON with one signature"
                    + " and no unprotected header");
        }
        for (String name : jws.propertyNames()) {
            if (!FLATTENED.contains(name)) {
                throw new AcmeException(AcmeProblem.malformed, "unexpected member '" + quote(name)
                        + "' in the inner JWS");
            }
        }
        String protectedPart = base64urlMember(jws, "protected");
        String payloadPart = base64urlMember(jws, "payload");
        String signaturePart = base64urlMember(jws, "signature");
        JsonNode header = parseObject(decode(protectedPart, "protected"), "inner protected header");
        if (header.has("b64") || header.has("crit")) {
            throw new AcmeException(AcmeProblem.malformed, "the inner header must not use b64 or crit");
        }
        String alg = stringMember(header, "alg", AcmeProblem.badSignatureAlgorithm);
        if (!ALGORITHMS.contains(alg)) {
            throw new AcmeException(AcmeProblem.badSignatureAlgorithm, "algorithm '" + quote(alg)
                    + "' is not accepted; use one of " + ALGORITHMS);
        }
        if (header.has("nonce")) {
            throw new AcmeException(AcmeProblem.malformed, "the inner JWS must not have a nonce");
        }
        if (!outerUrl.equals(stringMember(header, "url", AcmeProblem.malformed))) {
            throw new AcmeException(AcmeProblem.malformed, "the inner JWS's url must be the outer one's");
        }
        if (header.has("kid") || !header.has("jwk") || !header.get("jwk").isObject()) {
            throw new AcmeException(AcmeProblem.malformed, "the inner JWS must carry the new key as jwk, and no kid");
        }
        JWK jwk = publicKey(header.get("jwk").toString());
        checkKeyFitsAlgorithm(jwk, alg);
        if (signaturePart.isEmpty() || !signatureValid(protectedPart + "." + payloadPart + "." + signaturePart, jwk)) {
            throw new AcmeException(AcmeProblem.malformed, "the inner JWS is not signed by the new key");
        }
        return new Inner(accountKey(jwk), parseObject(decode(payloadPart, "payload"), "inner payload"));
    }

    /** HMAC algorithms, for external account binding only (RFC 8555 section 7.3.4). */
    static final List<String> MAC_ALGORITHMS = List.of("HS256", "HS384", "HS512");

    /**
     * An external account binding: a flattened JWS MACed with the EAB key ({@code alg} HMAC, {@code kid} the key
     * id, {@code url} the newAccount URL, no nonce) over the account's own key. All but the MAC is checked here.
     */
    EabBinding eab(JsonNode binding, String url, AccountKey accountKey) {
        if (binding == null || !binding.isObject() || binding.has("signatures") || binding.has("header")) {
            throw new AcmeException(AcmeProblem.malformed, "externalAccountBinding must be a flattened JWS object");
        }
        for (String name : binding.propertyNames()) {
            if (!FLATTENED.contains(name)) {
                throw new AcmeException(AcmeProblem.malformed, "unexpected member '" + quote(name)
                        + "' in externalAccountBinding");
            }
        }
        String protectedPart = base64urlMember(binding, "protected");
        String payloadPart = base64urlMember(binding, "payload");
        String signaturePart = base64urlMember(binding, "signature");
        JsonNode header = parseObject(decode(protectedPart, "protected"), "externalAccountBinding header");
        if (header.has("b64") || header.has("crit") || header.has("nonce") || header.has("jwk")) {
            throw new AcmeException(AcmeProblem.malformed, "the externalAccountBinding header must not have b64,"
                    + " crit, nonce or jwk");
        }
        String alg = stringMember(header, "alg", AcmeProblem.badSignatureAlgorithm);
        if (!MAC_ALGORITHMS.contains(alg)) {
            throw new AcmeException(AcmeProblem.badSignatureAlgorithm, "externalAccountBinding must be MACed with"
                    + " one of " + MAC_ALGORITHMS);
        }
        if (!url.equals(stringMember(header, "url", AcmeProblem.malformed))) {
            throw new AcmeException(AcmeProblem.malformed, "the externalAccountBinding url must be the newAccount URL");
        }
        String keyId = stringMember(header, "kid", AcmeProblem.malformed);
        JsonNode payload = parseObject(decode(payloadPart, "payload"), "externalAccountBinding payload");
        if (!accountKey.thumbprint().equals(thumbprint(payload))) {
            throw new AcmeException(AcmeProblem.malformed, "the externalAccountBinding must bind the account's own"
                    + " key");
        }
        if (signaturePart.isEmpty()) {
            throw new AcmeException(AcmeProblem.malformed, "the externalAccountBinding has no MAC");
        }
        return new EabBinding(keyId, protectedPart + "." + payloadPart + "." + signaturePart);
    }

    /** The thumbprint of a key given as a JWK object, for comparing keys. */
    static String thumbprint(JsonNode jwkObject) {
        if (jwkObject == null || !jwkObject.isObject()) {
            throw new AcmeException(AcmeProblem.malformed, "a key must be a JWK object");
        }
        return accountKey(publicKey(jwkObject.toString())).thumbprint();
    }

    /** A JWK that is a public key of a kind and size this server accepts. */
    static JWK publicKey(String json) {
        JWK jwk;
        try {
            jwk = JWK.parse(json);
        } catch (ParseException | RuntimeException e) {
            throw new AcmeException(AcmeProblem.badPublicKey, "the jwk cannot be read as a key");
        }
        if (jwk.isPrivate()) {
            throw new AcmeException(AcmeProblem.badPublicKey, "the jwk contains a private key; send only the public key");
        }
        if (jwk instanceof ECKey ec) {
            if (!Curve.P_256.equals(ec.getCurve()) && !Curve.P_384.equals(ec.getCurve())) {
                throw new AcmeException(AcmeProblem.badPublicKey, "EC keys must be on P-256 or P-384");
            }
        } else if (jwk instanceof RSAKey rsa) {
            if (rsa.size() < MIN_RSA_BITS) {
                throw new AcmeException(AcmeProblem.badPublicKey, "RSA keys must have at least " + MIN_RSA_BITS
                        + " bits; this one has " + rsa.size());
            }
        } else if (jwk instanceof OctetKeyPair okp) {
            if (!Curve.Ed25519.equals(okp.getCurve())) {
                throw new AcmeException(AcmeProblem.badPublicKey, "OKP keys must be Ed25519");
            }
        } else {
            throw new AcmeException(AcmeProblem.badPublicKey, "keys of type " + jwk.getKeyType() + " are not accepted");
        }
        return jwk;
    }

    static AccountKey accountKey(JWK jwk) {
        try {
            return new AccountKey(jwk.toPublicJWK().toJSONString(), jwk.computeThumbprint().toString());
        } catch (JOSEException e) {
            throw new AcmeException(AcmeProblem.badPublicKey, "no thumbprint can be computed for the jwk");
        }
    }

    static void checkKeyFitsAlgorithm(JWK jwk, String alg) {
        boolean fits = switch (alg) {
            case "ES256" -> jwk instanceof ECKey ec && Curve.P_256.equals(ec.getCurve());
            case "ES384" -> jwk instanceof ECKey ec && Curve.P_384.equals(ec.getCurve());
            case "RS256" -> jwk instanceof RSAKey;
            case "EdDSA" -> jwk instanceof OctetKeyPair;
            default -> false;
        };
        if (!fits) {
            throw new AcmeException(AcmeProblem.badSignatureAlgorithm, "algorithm " + alg + " does not fit the "
                    + jwk.getKeyType() + " key");
        }
    }

    /** Nimbus for ECDSA and RSA; Ed25519 by the JDK's own implementation (Nimbus would need Tink for it). */
    static boolean signatureValid(String compact, JWK jwk) {
        try {
            JWSObject jws = JWSObject.parse(compact);
            if (jwk instanceof OctetKeyPair okp) {
                byte[] x = okp.getDecodedX();
                byte[] spki = new byte[ED25519_SPKI_PREFIX.length + x.length];
                System.arraycopy(ED25519_SPKI_PREFIX, 0, spki, 0, ED25519_SPKI_PREFIX.length);
                System.arraycopy(x, 0, spki, ED25519_SPKI_PREFIX.length, x.length);
                PublicKey key = KeyFactory.getInstance("Ed25519").generatePublic(new X509EncodedKeySpec(spki));
                Signature verifier = Signature.getInstance("Ed25519");
                verifier.initVerify(key);
                verifier.update(jws.getSigningInput());
                return verifier.verify(jws.getSignature().decode());
            }
            JWSVerifier verifier = jwk instanceof ECKey ec ? new ECDSAVerifier(ec) : new RSASSAVerifier((RSAKey) jwk);
            return jws.verify(verifier);
        } catch (ParseException | JOSEException | GeneralSecurityException | RuntimeException e) {
            return false;
        }
    }

    static JsonNode parseObject(byte[] json, String what) {
        JsonNode node;
        try {
            node = JSON.readTree(json);
        } catch (JacksonException e) {
            throw new AcmeException(AcmeProblem.malformed, "the " + what + " is not valid JSON (or repeats a member)");
        }
        if (node == null || !node.isObject()) {
            throw new AcmeException(AcmeProblem.malformed, "the " + what + " must be a JSON object");
        }
        return node;
    }

    private static String base64urlMember(JsonNode jws, String name) {
        JsonNode value = jws.get(name);
        if (value == null || !value.isString()) {
            throw new AcmeException(AcmeProblem.malformed, "the JWS needs '" + name + "' as a string");
        }
        String text = value.stringValue();
        if (!BASE64URL.matcher(text).matches()) {
            throw new AcmeException(AcmeProblem.malformed, "'" + name + "' is not base64url without padding");
        }
        return text;
    }

    private static String stringMember(JsonNode header, String name, AcmeProblem problem) {
        JsonNode value = header.get(name);
        if (value == null || !value.isString()) {
            throw new AcmeException(problem, "the protected header needs '" + name + "' as a string");
        }
        return value.stringValue();
    }

    static byte[] decode(String base64url, String what) {
        try {
            return Base64.getUrlDecoder().decode(base64url);
        } catch (IllegalArgumentException e) {
            throw new AcmeException(AcmeProblem.malformed, "'" + what + "' is not base64url");
        }
    }

    static String quote(String value) {
        String clean = value.replaceAll("\\p{Cntrl}", "?");
        return clean.length() <= 80 ? clean : clean.substring(0, 80) + "...";
    }
}

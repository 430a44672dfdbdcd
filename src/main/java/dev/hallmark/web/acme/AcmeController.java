package dev.hallmark.web.acme;

import dev.hallmark.acme.AcmeAccount;
import dev.hallmark.acme.AcmeAccounts;
import dev.hallmark.acme.AcmeFinalizer;
import dev.hallmark.acme.AcmeAuthorization;
import dev.hallmark.acme.AcmeChallenge;
import dev.hallmark.acme.AcmeError;
import dev.hallmark.acme.AcmeException;
import dev.hallmark.acme.AcmeOrder;
import dev.hallmark.acme.AcmeOrders;
import dev.hallmark.acme.AcmeProblem;
import dev.hallmark.acme.AcmeRevocations;
import dev.hallmark.acme.EabBinding;
import dev.hallmark.acme.RenewalInformation;
import dev.hallmark.acme.AcmeSettings;
import dev.hallmark.acme.ChallengeValidations;
import dev.hallmark.inventory.CaCertificates;
import dev.hallmark.inventory.CertificateQueries;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.ModelAttribute;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestMethod;
import org.springframework.web.bind.annotation.RestController;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * The ACME server's resources (RFC 8555 section 7). Each POST is verified by {@link JwsVerifier} before the
 * handler sees it; handlers translate to {@code dev.hallmark.acme} and write the resource.
 */
@RestController
@RequestMapping(AcmeUrls.PREFIX)
@ConditionalOnProperty(name = "hallmark.acme.enabled", havingValue = "true", matchIfMissing = true)
public class AcmeController {

    private final AcmeSettings settings;
    private final AcmeAccounts accounts;
    private final AcmeOrders orders;
    private final AcmeFinalizer finalizer;
    private final ChallengeValidations validations;
    private final JwsVerifier verifier;
    private final AcmeResponses responses;
    private final CertificateQueries certificates;
    private final CaCertificates cas;
    private final AcmeRevocations revocations;
    private final RenewalInformation renewals;

    AcmeController(AcmeSettings settings, AcmeAccounts accounts, AcmeOrders orders, AcmeFinalizer finalizer,
            ChallengeValidations validations,
            dev.hallmark.acme.AcmeNonces nonces, CertificateQueries certificates, CaCertificates cas,
            AcmeRevocations revocations, RenewalInformation renewals) {
        this.revocations = revocations;
        this.renewals = renewals;
        this.settings = settings;
        this.accounts = accounts;
        this.orders = orders;
        this.finalizer = finalizer;
        this.validations = validations;
        this.verifier = new JwsVerifier(nonces, accounts);
        this.responses = new AcmeResponses(nonces);
        this.certificates = certificates;
        this.cas = cas;
    }

    AcmeResponses responses() {
        return responses;
    }

    /** Without a validation authority nothing of ACME is served: no account or order could ever be used. */
    @ModelAttribute
    void requireValidationAuthority() {
        if (!validations.available()) {
            throw new AcmeException(AcmeProblem.serverInternal, 503, "ACME is unavailable: this service has no"
                    + " validation authority");
        }
    }

    @GetMapping(AcmeUrls.DIRECTORY)
    void directory(HttpServletRequest request, HttpServletResponse response) throws IOException {
        AcmeUrls urls = AcmeUrls.of(request, settings);
        ObjectNode body = JwsVerifier.JSON.createObjectNode();
        body.put("newNonce", urls.of(AcmeUrls.NEW_NONCE));
        body.put("newAccount", urls.of(AcmeUrls.NEW_ACCOUNT));
        body.put("newOrder", urls.of(AcmeUrls.NEW_ORDER));
        body.put("revokeCert", urls.of(AcmeUrls.REVOKE_CERT));
        body.put("keyChange", urls.of(AcmeUrls.KEY_CHANGE));
        body.put("renewalInfo", urls.of(AcmeUrls.RENEWAL_INFO));
        ObjectNode meta = body.putObject("meta");
        meta.put("externalAccountRequired", settings.externalAccountRequired());
        ArrayNode caa = meta.putArray("caaIdentities");
        settings.caaIdentities().forEach(caa::add);
        ObjectNode profiles = meta.putObject("profiles");
        settings.profiles().forEach(p -> profiles.put(p, "Hallmark profile '" + p + "'"
                + (p.equals(settings.defaultProfile()) ? " (the default)" : "")));
        responses.json(response, 200, body);
    }

    /** RFC 8555 section 7.2: HEAD answers 200, GET 204, both with a nonce that no cache may keep. */
    @RequestMapping(path = AcmeUrls.NEW_NONCE, method = {RequestMethod.HEAD, RequestMethod.GET})
    void newNonce(HttpServletRequest request, HttpServletResponse response) {
        responses.nonce(response);
        response.setHeader("Cache-Control", "no-store");
        AcmeResponses.link(response, AcmeUrls.of(request, settings).of(AcmeUrls.DIRECTORY), "index");
        response.setStatus("HEAD".equals(request.getMethod()) ? 200 : 204);
    }

    @PostMapping(AcmeUrls.NEW_ACCOUNT)
    void newAccount(HttpServletRequest request, HttpServletResponse response, @RequestBody(required = false) byte[] body)
            throws IOException {
        AcmeUrls urls = AcmeUrls.of(request, settings);
        JwsVerifier.Verified jws = verify(request, body, urls, JwsVerifier.KeyKind.JWK);
        JsonNode payload = jws.json();
        JsonNode binding = payload.get("externalAccountBinding");
        EabBinding eab = binding == null || binding.isNull() ? null
                : verifier.eab(binding, urls.requestUrl(request), jws.key());
        AcmeAccounts.Registration registration = accounts.register(jws.key(), contacts(payload),
                bool(payload, "onlyReturnExisting"), eab, request.getRemoteAddr());
        response.setHeader("Location", urls.account(registration.account().id()));
        index(response, urls);
        responses.json(response, registration.created() ? 201 : 200, account(registration.account(), urls));
    }

    @PostMapping(AcmeUrls.ACCOUNT + "{id}")
    void account(@PathVariable String id, HttpServletRequest request, HttpServletResponse response,
            @RequestBody(required = false) byte[] body) throws IOException {
        AcmeUrls urls = AcmeUrls.of(request, settings);
        JwsVerifier.Verified jws = verify(request, body, urls, JwsVerifier.KeyKind.KID);
        AcmeAccount account = own(jws, id);
        if (!jws.postAsGet()) {
            JsonNode payload = jws.json();
            JsonNode status = payload.get("status");
            if (status != null) {
                if (!status.isString() || !AcmeAccount.DEACTIVATED.equals(status.stringValue())) {
                    throw new AcmeException(AcmeProblem.malformed, "an account's status can only be changed to"
                            + " deactivated");
                }
                account = accounts.deactivate(account, request.getRemoteAddr());
            } else if (payload.has("contact")) {
                account = accounts.updateContact(account, contacts(payload), request.getRemoteAddr());
            }
        }
        index(response, urls);
        responses.json(response, 200, account(account, urls));
    }

    /** RFC 8555 section 7.1.2.1: the account's orders, newest first. */
    @PostMapping(AcmeUrls.ACCOUNT + "{id}/orders")
    void accountOrders(@PathVariable String id, HttpServletRequest request, HttpServletResponse response,
            @RequestBody(required = false) byte[] body) throws IOException {
        AcmeUrls urls = AcmeUrls.of(request, settings);
        JwsVerifier.Verified jws = verify(request, body, urls, JwsVerifier.KeyKind.KID);
        requirePostAsGet(jws);
        AcmeAccount account = own(jws, id);
        ObjectNode out = JwsVerifier.JSON.createObjectNode();
        ArrayNode list = out.putArray("orders");
        orders.orderIds(account).forEach(o -> list.add(urls.order(o)));
        index(response, urls);
        responses.json(response, 200, out);
    }

    /**
     * Key rollover (RFC 8555 section 7.3.5): the outer JWS by the account's current key, the inner by the new
     * key, naming the account and the old key.
     */
    @PostMapping(AcmeUrls.KEY_CHANGE)
    void keyChange(HttpServletRequest request, HttpServletResponse response, @RequestBody(required = false) byte[] body)
            throws IOException {
        AcmeUrls urls = AcmeUrls.of(request, settings);
        JwsVerifier.Verified jws = verify(request, body, urls, JwsVerifier.KeyKind.KID);
        if (jws.postAsGet()) {
            throw new AcmeException(AcmeProblem.malformed, "keyChange needs the inner JWS as its payload");
        }
        JwsVerifier.Inner inner = verifier.verifyInner(jws.payload(), urls.requestUrl(request));
        AcmeAccount account = jws.account();
        if (!urls.account(account.id()).equals(text(inner.payload(), "account"))) {
            throw new AcmeException(AcmeProblem.unauthorized, "the inner payload's account is not the outer kid");
        }
        if (!account.thumbprint().equals(JwsVerifier.thumbprint(inner.payload().get("oldKey")))) {
            throw new AcmeException(AcmeProblem.malformed, "the inner payload's oldKey is not the account's key");
        }
        var holder = accounts.findByKey(inner.key());
        if (holder.isPresent()) {
            response.setHeader("Location", urls.account(holder.get().id()));
            throw new AcmeException(AcmeProblem.malformed, 409, "the new key is already the key of an account");
        }
        AcmeAccount changed = accounts.changeKey(account, inner.key(), request.getRemoteAddr());
        response.setHeader("Location", urls.account(changed.id()));
        index(response, urls);
        responses.json(response, 200, account(changed, urls));
    }

    /** RFC 8555 section 7.6: by account ({@code kid}) or by the certificate's key ({@code jwk}). */
    @PostMapping(AcmeUrls.REVOKE_CERT)
    void revokeCert(HttpServletRequest request, HttpServletResponse response, @RequestBody(required = false) byte[] body)
            throws IOException {
        AcmeUrls urls = AcmeUrls.of(request, settings);
        JwsVerifier.Verified jws = verify(request, body, urls, JwsVerifier.KeyKind.EITHER);
        JsonNode payload = jws.json();
        String certificate = text(payload, "certificate");
        if (certificate == null || certificate.isEmpty() || !certificate.matches("[A-Za-z0-9_-]+")) {
            throw new AcmeException(AcmeProblem.malformed, "revokeCert needs 'certificate': the DER certificate in"
                    + " base64url");
        }
        JsonNode reason = payload.get("reason");
        if (reason != null && !reason.isNull() && !reason.isInt()) {
            throw new AcmeException(AcmeProblem.badRevocationReason, "'reason' must be an RFC 5280 reason code");
        }
        revocations.revoke(jws.account(), jws.key(), JwsVerifier.decode(certificate, "certificate"),
                reason == null || reason.isNull() ? null : reason.intValue(), request.getRemoteAddr());
        index(response, urls);
        responses.nonce(response);
        response.setStatus(200);
        response.setContentLength(0);
    }

    /** RFC 9773 section 4: unauthenticated GET of the suggested renewal window. */
    @GetMapping(AcmeUrls.RENEWAL_INFO + "/{certId}")
    void renewalInfo(@PathVariable String certId, HttpServletRequest request, HttpServletResponse response)
            throws IOException {
        RenewalInformation.Window window = renewals.window(certId);
        ObjectNode out = JwsVerifier.JSON.createObjectNode();
        out.putObject("suggestedWindow").put("start", window.start().toString()).put("end", window.end().toString());
        response.setHeader("Retry-After", String.valueOf(RenewalInformation.RETRY_AFTER.toSeconds()));
        index(response, AcmeUrls.of(request, settings));
        responses.json(response, 200, out);
    }

    @PostMapping(AcmeUrls.NEW_ORDER)
    void newOrder(HttpServletRequest request, HttpServletResponse response, @RequestBody(required = false) byte[] body)
            throws IOException {
        AcmeUrls urls = AcmeUrls.of(request, settings);
        JwsVerifier.Verified jws = verify(request, body, urls, JwsVerifier.KeyKind.KID);
        JsonNode payload = jws.json();
        if (payload.has("notBefore") || payload.has("notAfter")) {
            throw new AcmeException(AcmeProblem.malformed, "notBefore and notAfter are not supported; the profile"
                    + " sets the validity");
        }
        JsonNode identifiers = payload.get("identifiers");
        if (identifiers == null || !identifiers.isArray()) {
            throw new AcmeException(AcmeProblem.malformed, "newOrder needs 'identifiers' as an array");
        }
        List<AcmeOrders.RequestedIdentifier> requested = new ArrayList<>();
        for (JsonNode identifier : identifiers.values()) {
            if (!identifier.isObject()) {
                throw new AcmeException(AcmeProblem.malformed, "each identifier must be an object with type and value");
            }
            requested.add(new AcmeOrders.RequestedIdentifier(text(identifier, "type"), text(identifier, "value")));
        }
        AcmeOrder order = orders.newOrder(jws.account(), requested, text(payload, "profile"),
                text(payload, "replaces"), request.getRemoteAddr());
        response.setHeader("Location", urls.order(order.id()));
        index(response, urls);
        responses.json(response, 201, order(order, urls));
    }

    @PostMapping(AcmeUrls.ORDER + "{id}")
    void order(@PathVariable String id, HttpServletRequest request, HttpServletResponse response,
            @RequestBody(required = false) byte[] body) throws IOException {
        AcmeUrls urls = AcmeUrls.of(request, settings);
        JwsVerifier.Verified jws = verify(request, body, urls, JwsVerifier.KeyKind.KID);
        requirePostAsGet(jws);
        AcmeOrder order = orders.order(jws.account(), id);
        index(response, urls);
        retryAfter(response, order.status().equals(AcmeOrder.PROCESSING));
        responses.json(response, 200, order(order, urls));
    }

    @PostMapping(AcmeUrls.ORDER + "{id}/finalize")
    void finalizeOrder(@PathVariable String id, HttpServletRequest request, HttpServletResponse response,
            @RequestBody(required = false) byte[] body) throws IOException {
        AcmeUrls urls = AcmeUrls.of(request, settings);
        JwsVerifier.Verified jws = verify(request, body, urls, JwsVerifier.KeyKind.KID);
        String csr = text(jws.json(), "csr");
        if (csr == null || csr.isEmpty() || !csr.matches("[A-Za-z0-9_-]+")) {
            throw new AcmeException(AcmeProblem.badCSR, "finalize needs 'csr': the DER CSR in base64url");
        }
        AcmeOrder order = finalizer.finalize(jws.account(), id, JwsVerifier.decode(csr, "csr"), request.getRemoteAddr());
        response.setHeader("Location", urls.order(order.id()));
        index(response, urls);
        retryAfter(response, order.status().equals(AcmeOrder.PROCESSING));
        responses.json(response, 200, order(order, urls));
    }

    @PostMapping(AcmeUrls.AUTHORIZATION + "{id}")
    void authorization(@PathVariable String id, HttpServletRequest request, HttpServletResponse response,
            @RequestBody(required = false) byte[] body) throws IOException {
        AcmeUrls urls = AcmeUrls.of(request, settings);
        JwsVerifier.Verified jws = verify(request, body, urls, JwsVerifier.KeyKind.KID);
        AcmeAuthorization authorization;
        if (jws.postAsGet()) {
            authorization = orders.authorization(jws.account(), id);
        } else {
            JsonNode status = jws.json().get("status");
            if (status == null || !status.isString() || !AcmeAuthorization.DEACTIVATED.equals(status.stringValue())) {
                throw new AcmeException(AcmeProblem.malformed, "an authorization can only be changed to deactivated");
            }
            authorization = orders.deactivateAuthorization(jws.account(), id, request.getRemoteAddr());
        }
        index(response, urls);
        retryAfter(response, authorization.status().equals(AcmeAuthorization.PENDING)
                && authorization.challenges().stream().anyMatch(c -> c.status().equals(AcmeChallenge.PROCESSING)));
        responses.json(response, 200, authorization(authorization, urls));
    }

    /** POST-as-GET reads the challenge; any JSON object ({@code {}}) asks for its validation. */
    @PostMapping(AcmeUrls.CHALLENGE + "{id}")
    void challenge(@PathVariable String id, HttpServletRequest request, HttpServletResponse response,
            @RequestBody(required = false) byte[] body) throws IOException {
        AcmeUrls urls = AcmeUrls.of(request, settings);
        JwsVerifier.Verified jws = verify(request, body, urls, JwsVerifier.KeyKind.KID);
        AcmeChallenge challenge;
        if (jws.postAsGet()) {
            challenge = orders.challenge(jws.account(), id);
        } else {
            jws.json();
            challenge = orders.respond(jws.account(), id, request.getRemoteAddr());
        }
        index(response, urls);
        AcmeResponses.link(response, urls.authorization(challenge.authorizationId()), "up");
        retryAfter(response, challenge.status().equals(AcmeChallenge.PROCESSING));
        responses.json(response, 200, challenge(challenge, urls));
    }

    /** The certificate and the issuing CA (RFC 8555 section 7.4.2), for the account that ordered it. */
    @PostMapping(AcmeUrls.CERTIFICATE + "{serial}")
    void certificate(@PathVariable String serial, HttpServletRequest request, HttpServletResponse response,
            @RequestBody(required = false) byte[] body) throws IOException {
        AcmeUrls urls = AcmeUrls.of(request, settings);
        JwsVerifier.Verified jws = verify(request, body, urls, JwsVerifier.KeyKind.KID);
        requirePostAsGet(jws);
        String owned = orders.certificate(jws.account(), serial);
        String leaf = certificates.pem(owned).orElseThrow(() -> AcmeException.notFound("certificate " + serial));
        index(response, urls);
        responses.write(response, 200, "application/pem-certificate-chain",
                (leaf + cas.issuingPem()).getBytes(StandardCharsets.US_ASCII));
    }

    private JwsVerifier.Verified verify(HttpServletRequest request, byte[] body, AcmeUrls urls,
            JwsVerifier.KeyKind kind) {
        return verifier.verify(request.getContentType(), body == null ? new byte[0] : body, urls.requestUrl(request),
                urls, kind);
    }

    private static AcmeAccount own(JwsVerifier.Verified jws, String id) {
        if (!jws.account().id().equals(id)) {
            throw new AcmeException(AcmeProblem.unauthorized, "the request is signed by another account's key");
        }
        return jws.account();
    }

    private static void requirePostAsGet(JwsVerifier.Verified jws) {
        if (!jws.postAsGet()) {
            throw new AcmeException(AcmeProblem.malformed, "this resource is read by POST-as-GET: an empty payload");
        }
    }

    private static void index(HttpServletResponse response, AcmeUrls urls) {
        AcmeResponses.link(response, urls.of(AcmeUrls.DIRECTORY), "index");
    }

    /** RFC 8555 section 8.2: how soon to ask again about something in progress. */
    private static void retryAfter(HttpServletResponse response, boolean inProgress) {
        if (inProgress) {
            response.setHeader("Retry-After", "1");
        }
    }

    private static List<String> contacts(JsonNode payload) {
        JsonNode contact = payload.get("contact");
        if (contact == null || contact.isNull()) {
            return List.of();
        }
        if (!contact.isArray()) {
            throw new AcmeException(AcmeProblem.malformed, "'contact' must be an array of URLs");
        }
        return AcmeResponses.strings(contact);
    }

    private static boolean bool(JsonNode payload, String name) {
        JsonNode value = payload.get(name);
        if (value == null || value.isNull()) {
            return false;
        }
        if (!value.isBoolean()) {
            throw new AcmeException(AcmeProblem.malformed, "'" + name + "' must be true or false");
        }
        return value.booleanValue();
    }

    private static String text(JsonNode node, String name) {
        JsonNode value = node.get(name);
        if (value == null || value.isNull()) {
            return null;
        }
        if (!value.isString()) {
            throw new AcmeException(AcmeProblem.malformed, "'" + name + "' must be a string");
        }
        return value.stringValue();
    }

    private static ObjectNode account(AcmeAccount account, AcmeUrls urls) {
        ObjectNode out = JwsVerifier.JSON.createObjectNode();
        out.put("status", account.status());
        ArrayNode contact = out.putArray("contact");
        account.contact().forEach(contact::add);
        out.put("orders", urls.account(account.id()) + "/orders");
        if (account.eabKeyId() != null) {
            out.put("externalAccountBinding", account.eabKeyId());
        }
        return out;
    }

    private static ObjectNode order(AcmeOrder order, AcmeUrls urls) {
        ObjectNode out = JwsVerifier.JSON.createObjectNode();
        out.put("status", order.status());
        out.put("expires", order.expires().toString());
        ArrayNode identifiers = out.putArray("identifiers");
        order.identifiers().forEach(i -> identifiers.addObject().put("type", i.type()).put("value", i.displayValue()));
        if (order.profileRequested()) {
            out.put("profile", order.profile());
        }
        ArrayNode authorizations = out.putArray("authorizations");
        order.authorizationIds().forEach(a -> authorizations.add(urls.authorization(a)));
        out.put("finalize", urls.order(order.id()) + "/finalize");
        if (order.replaces() != null) {
            out.put("replaces", order.replaces());
        }
        if (order.certificateSerial() != null) {
            out.put("certificate", urls.certificate(order.certificateSerial()));
        }
        if (order.error() != null) {
            out.set("error", error(order.error()));
        }
        return out;
    }

    private static ObjectNode authorization(AcmeAuthorization authorization, AcmeUrls urls) {
        ObjectNode out = JwsVerifier.JSON.createObjectNode();
        out.putObject("identifier").put("type", authorization.identifier().type())
                .put("value", authorization.identifier().value());
        out.put("status", authorization.status());
        out.put("expires", authorization.expires().toString());
        ArrayNode challenges = out.putArray("challenges");
        authorization.challenges().forEach(c -> challenges.add(challenge(c, urls)));
        if (authorization.identifier().wildcard()) {
            out.put("wildcard", true);
        }
        return out;
    }

    private static ObjectNode challenge(AcmeChallenge challenge, AcmeUrls urls) {
        ObjectNode out = JwsVerifier.JSON.createObjectNode();
        out.put("type", challenge.type());
        out.put("url", urls.challenge(challenge.id()));
        out.put("status", challenge.status());
        out.put("token", challenge.token());
        if (challenge.validated() != null) {
            out.put("validated", challenge.validated().toString());
        }
        if (challenge.error() != null) {
            out.set("error", error(challenge.error()));
        }
        return out;
    }

    private static ObjectNode error(AcmeError error) {
        ObjectNode out = JwsVerifier.JSON.createObjectNode();
        out.put("type", error.problem().type());
        out.put("detail", error.detail());
        out.put("status", error.problem().status());
        return out;
    }
}

package dev.hallmark.web.ui;

import dev.hallmark.inventory.CertificateFilter;
import dev.hallmark.inventory.CertificateQueries;
import dev.hallmark.inventory.PkiStatus;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;

/** The dashboard: the PKI at a glance, from the same read models as the REST API. */
@Controller
class DashboardController {

    /** The charts' span and what counts as expiring soon. */
    static final int DAYS = 30;

    private final CertificateQueries certificates;
    private final PkiStatus pki;
    private final Clock clock;

    DashboardController(CertificateQueries certificates, PkiStatus pki, Clock clock) {
        this.certificates = certificates;
        this.pki = pki;
        this.clock = clock;
    }

    /** The counts, each the {@code totalItems} of the API search that the card links to. */
    public record Counts(long valid, long revoked, long expired, long expiringSoon) {
    }

    @GetMapping({"/ui", "/ui/"})
    String dashboard(Model model) {
        Instant soon = clock.instant().plus(Duration.ofDays(DAYS));
        model.addAttribute("counts", new Counts(
                certificates.count(new CertificateFilter("valid", null, null, null, null)),
                certificates.count(new CertificateFilter("revoked", null, null, null, null)),
                certificates.count(new CertificateFilter("expired", null, null, null, null)),
                certificates.count(new CertificateFilter("valid", null, null, soon, null))));
        model.addAttribute("charts", List.of(
                BarChart.of("Issued per day, last " + DAYS + " days", certificates.issuedPerDay(DAYS)),
                BarChart.of("Expiring each day (UTC), until " + DAYS + " days from now",
                        certificates.expiringPerDay(DAYS))));
        model.addAttribute("cas", pki.cas());
        model.addAttribute("crls", pki.crls());
        model.addAttribute("ocsp", pki.ocspResponder().orElse(null));
        return "ui/dashboard";
    }
}

package dev.hallmark.web.rest;

import dev.hallmark.profile.CertificateProfile;
import dev.hallmark.profile.ProfileCatalog;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.util.List;
import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/** The certificate profiles this CA issues under. */
@RestController
@RequestMapping("/api/v1/profiles")
@Tag(name = "profiles")
public class ProfileController {

    private final ProfileCatalog profiles;

    public ProfileController(ProfileCatalog profiles) {
        this.profiles = profiles;
    }

    /** A profile as the API shows it; validity in days. */
    public record ProfileView(String name, String description, List<String> keyUsage, List<String> extendedKeyUsage,
            List<String> sanTypes, boolean requireHostName, boolean requireCommonName, boolean allowWildcards,
            List<String> namePatterns, List<String> subjectAttributes, long maxValidityDays, long defaultValidityDays,
            boolean restricted) {
    }

    @Operation(operationId = "listProfiles", summary = "List the certificate profiles")
    @GetMapping(produces = MediaType.APPLICATION_JSON_VALUE)
    public List<ProfileView> list() {
        return profiles.all().stream().map(ProfileController::view).toList();
    }

    private static ProfileView view(CertificateProfile p) {
        return new ProfileView(p.name(), p.description(), p.keyUsage().stream().map(Enum::name).sorted().toList(),
                p.extendedKeyUsages().stream().map(Enum::name).sorted().toList(),
                p.sanTypes().stream().map(Enum::name).sorted().toList(), p.requireHostName(), p.requireCommonName(),
                p.allowWildcards(), p.namePatterns(), p.subjectAttributes().stream().sorted().toList(),
                p.maxValidity().toDays(), p.defaultValidity().toDays(), p.restricted());
    }
}

package dev.hallmark.architecture;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchCondition;
import com.tngtech.archunit.lang.ArchRule;
import com.tngtech.archunit.lang.ConditionEvents;
import com.tngtech.archunit.lang.SimpleConditionEvent;
import dev.hallmark.web.UnmappedRequestHandler;
import java.security.PrivateKey;
import org.springframework.core.annotation.AnnotatedElementUtils;
import org.springframework.web.bind.annotation.ControllerAdvice;

/**
 * The directions DESIGN.md draws: front ends go through issuance and revocation, never to the
 * signing core or the repositories; only signing holds private keys; the signing core, lints and
 * profiles know nothing of the web or of JPA.
 */
@AnalyzeClasses(packages = "dev.hallmark", importOptions = ImportOption.DoNotIncludeTests.class)
class ArchitectureTests {

    @ArchTest
    static final ArchRule frontEndsDoNotReachSigningOrStorage = noClasses()
            .that().resideInAPackage("dev.hallmark.web..")
            .should().dependOnClassesThat().resideInAnyPackage("dev.hallmark.signing..", "dev.hallmark.storage..")
            .because("front ends issue and revoke only through issuance and revocation");

    @ArchTest
    static final ArchRule onlySigningHoldsPrivateKeys = noClasses()
            .that().resideOutsideOfPackage("dev.hallmark.signing..")
            .should().dependOnClassesThat().areAssignableTo(PrivateKey.class)
            .because("only the signing core may see private keys");

    @ArchTest
    static final ArchRule signersComeFromWhereTheKeyIs = noClasses()
            .that().doNotHaveFullyQualifiedName("dev.hallmark.signing.SigningKey")
            .and().doNotHaveFullyQualifiedName("dev.hallmark.signing.Issuer")
            .and().doNotHaveFullyQualifiedName("dev.hallmark.signing.ThrowawaySigners")
            .should().dependOnClassesThat().haveFullyQualifiedName(
                    "org.bouncycastle.operator.jcajce.JcaContentSignerBuilder")
            .because("a CA key signs through the provider its key source gives with it (SigningKey); only keys"
                    + " the service holds in memory (Issuer.signer) and lint's throwaway keys name a provider");

    @ArchTest
    static final ArchRule onlyThePkcs11KeySourceCallsNativeCode = noClasses()
            .that().resideOutsideOfPackage("dev.hallmark.signing.pkcs11..")
            .should().dependOnClassesThat().resideInAPackage("com.sun.jna..")
            .because("the PKCS#11 key source alone talks to a PKCS#11 module outside SunPKCS11 (to find a token by"
                    + " its label)");

    @ArchTest
    static final ArchRule signingKnowsNoWebOrJpa = noClasses()
            .that().resideInAnyPackage("dev.hallmark.signing..", "dev.hallmark.lint..", "dev.hallmark.profile..")
            .should().dependOnClassesThat().resideInAnyPackage("org.springframework..", "jakarta.persistence..",
                    "jakarta.servlet..", "dev.hallmark.storage..", "dev.hallmark.web..", "dev.hallmark.issuance..")
            .because("the signing core, lints and profiles are plain Java");

    @ArchTest
    static final ArchRule lintsDoNotSign = noClasses()
            .that().resideInAPackage("dev.hallmark.lint..")
            .should().dependOnClassesThat().resideInAPackage("dev.hallmark.signing..")
            .because("lints judge to-be-signed certificates; they never see a CA key");

    @ArchTest
    static final ArchRule profilesStandAlone = noClasses()
            .that().resideInAPackage("dev.hallmark.profile..")
            .should().dependOnClassesThat().resideInAnyPackage("dev.hallmark.policy..", "dev.hallmark.signing..",
                    "dev.hallmark.lint..", "org.bouncycastle..")
            .because("profiles are plain immutable rules");

    @ArchTest
    static final ArchRule policyDoesNotSign = noClasses()
            .that().resideInAPackage("dev.hallmark.policy..")
            .should().dependOnClassesThat().resideInAnyPackage("dev.hallmark.signing..", "dev.hallmark.issuance..",
                    "dev.hallmark.web..")
            .because("the registration authority decides; it does not sign");

    @ArchTest
    static final ArchRule revocationStaysBehindItsFrontEnds = noClasses()
            .that().resideInAPackage("dev.hallmark.revocation..")
            .should().dependOnClassesThat().resideInAnyPackage("dev.hallmark.web..", "dev.hallmark.issuance..")
            .because("revocation publishes status; it neither serves HTTP nor issues");

    @ArchTest
    static final ArchRule sharedWebCodeKnowsNoFrontEnd = noClasses()
            .that().resideInAnyPackage("dev.hallmark.web", "dev.hallmark.web.problem")
            .should().dependOnClassesThat().resideInAnyPackage("dev.hallmark.web.rest..", "dev.hallmark.web.est..",
                    "dev.hallmark.web.ocsp..", "dev.hallmark.web.crl..", "dev.hallmark.web.ca..", "dev.hallmark.web.acme..",
                    "dev.hallmark.web.ui..")
            .because("filters and error pages shared by every surface decide nothing by path or front end; each "
                    + "surface's security chain marks its requests with its error form");

    @ArchTest
    static final ArchRule consoleIsAFrontEndOfItsOwn = noClasses()
            .that().resideInAPackage("dev.hallmark.web.ui..")
            .should().dependOnClassesThat().resideInAnyPackage("dev.hallmark.web.rest..", "dev.hallmark.web.est..",
                    "dev.hallmark.web.ocsp..", "dev.hallmark.web.crl..", "dev.hallmark.web.ca..")
            .orShould().dependOnClassesThat().resideInAnyPackage("dev.hallmark.crypto..", "dev.hallmark.lint..")
            .because("the console calls the services the REST API calls (issuance, revocation, inventory, admin,"
                    + " enrollment, audit), never the REST controllers or a second path to signing");

    @ArchTest
    static final ArchRule noFrontEndKnowsTheConsole = noClasses()
            .that().resideInAPackage("dev.hallmark..").and().resideOutsideOfPackages("dev.hallmark.web.ui..",
                    "dev.hallmark.security..")
            .should().dependOnClassesThat().resideInAPackage("dev.hallmark.web.ui..")
            .because("only the console's own security chain refers to it");

    @ArchTest
    static final ArchRule exceptionAdvicesServeOneFrontEnd = classes()
            .that().areMetaAnnotatedWith(ControllerAdvice.class).and().doNotHaveFullyQualifiedName(
                    UnmappedRequestHandler.class.getName())
            .should(new ArchCondition<JavaClass>("name the controllers they apply to") {
                @Override
                public void check(JavaClass advice, ConditionEvents events) {
                    ControllerAdvice scope = AnnotatedElementUtils.findMergedAnnotation(advice.reflect(),
                            ControllerAdvice.class);
                    boolean scoped = scope != null && (scope.basePackages().length > 0
                            || scope.basePackageClasses().length > 0 || scope.assignableTypes().length > 0);
                    events.add(new SimpleConditionEvent(advice, scoped, advice.getName()
                            + (scoped ? " is scoped" : " applies to every controller")));
                }
            })
            .because("each front end answers errors in its own form; only requests no controller takes are "
                    + "answered in common (UnmappedRequestHandler, in the form of the request's surface)");

    @ArchTest
    static final ArchRule acmeStaysBehindItsFrontEnd = noClasses()
            .that().resideInAPackage("dev.hallmark.acme..")
            .should().dependOnClassesThat().resideInAnyPackage("dev.hallmark.web..", "dev.hallmark.signing..",
                    "dev.hallmark.security..", "jakarta.servlet..")
            .because("ACME's accounts and orders know no HTTP; certificates come only through issuance");

    @ArchTest
    static final ArchRule validationAuthorityIsReachedOnlyThroughItsInterface = noClasses()
            .that().resideOutsideOfPackage("dev.hallmark.acme.validation..")
            .and().resideOutsideOfPackage("dev.hallmark.config..")
            .and().resideOutsideOfPackage("dev.hallmark.metrics..")
            .should().dependOnClassesThat(com.tngtech.archunit.base.DescribedPredicate.describe(
                    "are validation classes other than its interface and values",
                    (JavaClass c) -> c.getPackageName().startsWith("dev.hallmark.acme.validation")
                            && !java.util.Set.of("ValidationAuthority", "AcmeIdentifier", "ValidationOutcome")
                                    .contains(c.getSimpleName())))
            .because("the ACME server calls the validation authority only through ValidationAuthority (the metrics"
                    + " hear its ValidationFinished events)");

    @ArchTest
    static final ArchRule validationAuthorityStandsAlone = noClasses()
            .that().resideInAPackage("dev.hallmark.acme.validation..")
            .should().dependOnClassesThat().resideInAnyPackage("dev.hallmark.acme", "dev.hallmark.storage..",
                    "dev.hallmark.issuance..", "dev.hallmark.policy..", "dev.hallmark.revocation..",
                    "dev.hallmark.audit..", "jakarta.persistence..", "org.springframework.web..")
            .because("the validation authority is its own component (Boulder's va): it reaches a client's servers and"
                    + " answers an outcome, and knows nothing of accounts, orders, storage or issuance");

    @ArchTest
    static final ArchRule storageDependsOnNothing = noClasses()
            .that().resideInAPackage("dev.hallmark.storage..")
            .should().dependOnClassesThat().resideInAnyPackage("dev.hallmark.issuance..", "dev.hallmark.signing..",
                    "dev.hallmark.web..", "dev.hallmark.policy..", "dev.hallmark.security..")
            .because("storage holds entities and repositories only");

    @ArchTest
    static final ArchRule clusterUsesOnlyStorage = noClasses()
            .that().resideInAPackage("dev.hallmark.cluster..")
            .should().dependOnClassesThat().resideInAnyPackage("dev.hallmark.web..", "dev.hallmark.signing..",
                    "dev.hallmark.issuance..", "dev.hallmark.revocation..", "dev.hallmark.security..",
                    "dev.hallmark.acme..", "dev.hallmark.enrollment..")
            .because("what makes several nodes safe (once-only jobs, signals between nodes) knows the store, not "
                    + "the features that use it");

    @ArchTest
    static final ArchRule onlyMetricsKnowsMicrometer = noClasses()
            .that().resideOutsideOfPackages("dev.hallmark.metrics..", "dev.hallmark.config..")
            .should().dependOnClassesThat().resideInAPackage("io.micrometer..")
            .because("the meters are fed by domain events; issuance, revocation and the front ends only publish them");
}

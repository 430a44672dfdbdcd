package dev.hallmark;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The revocation front ends only translate: status and CRLs come from {@code revocation}, never from the keys or the store. */
class RevocationArchitectureTests {

    private static JavaClasses classes;

    @BeforeAll
    static void importClasses() {
        classes = new ClassFileImporter().withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .importPackages("dev.hallmark");
    }

    @Test
    void ocspAndCrlFrontEndsWhenCheckedThenUseNeitherSigningNorStorage() {
        noClasses().that().resideInAnyPackage("dev.hallmark.web.ocsp..", "dev.hallmark.web.crl..")
                .should().dependOnClassesThat().resideInAnyPackage("dev.hallmark.signing..", "dev.hallmark.storage..")
                .check(classes);
    }

    @Test
    void revocationWhenCheckedThenNeverTouchesPrivateKeys() {
        noClasses().that().resideInAnyPackage("dev.hallmark.revocation..", "dev.hallmark.web..")
                .should().dependOnClassesThat().haveFullyQualifiedName("java.security.PrivateKey")
                .check(classes);
    }

    @Test
    void revocationWhenCheckedThenDoesNotDependOnWebOrIssuance() {
        noClasses().that().resideInAPackage("dev.hallmark.revocation..")
                .should().dependOnClassesThat().resideInAnyPackage("dev.hallmark.web..", "dev.hallmark.issuance..")
                .check(classes);
    }
}

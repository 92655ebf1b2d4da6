package io.lampblack.launcher;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

/**
 * The package boundaries the code keeps (docs/architecture.md), checked over the compiled classes of every module:
 * the launcher's tests see them all. A rule that fails names the offending dependency.
 */
class ArchitectureTest {

    private static final String SERVER = "io.lampblack.server";

    private static final JavaClasses CLASSES = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("io.lampblack");

    @Test
    void serverPackagesFormNoCycles() {
        slices().matching(SERVER + ".(**)").should().beFreeOfCycles().check(CLASSES);
    }

    @Test
    void modulesFormNoCycles() {
        slices().matching("io.lampblack.(*)..").should().beFreeOfCycles().check(CLASSES);
    }

    @Test
    void onlyTheCompositionRootKnowsTheHttpEdge() {
        noClasses()
                .that()
                .resideInAPackage(SERVER + "..")
                .and()
                .resideOutsideOfPackages(SERVER + ".api..", SERVER + ".assembly..", SERVER)
                .should()
                .dependOnClassesThat()
                .resideInAPackage(SERVER + ".api..")
                .because("domain packages say what went wrong in domain words; the edge maps it to HTTP")
                .check(CLASSES);
    }

    @Test
    void onlyTheCompositionRootKnowsEveryFeature() {
        noClasses()
                .that()
                .resideOutsideOfPackages(
                        SERVER + ".assembly..", SERVER, "io.lampblack.launcher..", "io.lampblack.bench..")
                .should()
                .dependOnClassesThat()
                .resideInAPackage(SERVER + ".assembly..")
                .check(CLASSES);
    }

    @Test
    void onlyTheStoreAdapterSpeaksJdbc() {
        noClasses()
                .that()
                .resideInAPackage("io.lampblack..")
                .and()
                .resideOutsideOfPackages(SERVER + ".store..")
                .should()
                .dependOnClassesThat()
                .resideInAnyPackage(
                        "java.sql..",
                        "javax.sql..",
                        "org.flywaydb..",
                        "com.zaxxer.hikari..",
                        "org.h2..",
                        "org.postgresql..")
                .check(CLASSES);
    }

    @Test
    void onlyTheBusAdaptersSpeakAmqp() {
        noClasses()
                .that()
                .resideInAPackage("io.lampblack..")
                .and()
                .resideOutsideOfPackages(SERVER + ".bus..", "io.lampblack.bench..")
                .should()
                .dependOnClassesThat()
                .resideInAnyPackage("com.rabbitmq..")
                .check(CLASSES);
        noClasses()
                .that()
                .resideInAPackage("io.lampblack..")
                .and()
                .resideOutsideOfPackages(SERVER + ".bus.broker..")
                .should()
                .dependOnClassesThat()
                .resideInAnyPackage("org.apache.qpid..")
                .check(CLASSES);
    }

    @Test
    void onlyTheBusAdaptersSpeakRedis() {
        noClasses()
                .that()
                .resideInAPackage("io.lampblack..")
                .and()
                .resideOutsideOfPackages(SERVER + ".bus..")
                .should()
                .dependOnClassesThat()
                .resideInAnyPackage("redis.clients..")
                .because("raw events reach Redis through bus.RedisEventPublisher only")
                .check(CLASSES);
    }

    @Test
    void onlyTheIndexAdaptersUseLucene() {
        noClasses()
                .that()
                .resideInAPackage("io.lampblack..")
                .and()
                .resideOutsideOfPackages(SERVER + ".lucene..", "io.lampblack.bench..")
                .should()
                .dependOnClassesThat()
                .resideInAnyPackage("org.apache.lucene..")
                .because("the domain names its indexes by role (ProcessIndex, BinaryIndex, AlertStore, ReportStore)")
                .check(CLASSES);
    }

    @Test
    void onlyTheCompositionRootChoosesAdapters() {
        // Domain packages name what they need by role; which technology answers is decided in one place.
        noClasses()
                .that()
                .resideInAPackage(SERVER + "..")
                .and()
                .resideOutsideOfPackages(SERVER + ".lucene..", SERVER + ".store..", SERVER + ".assembly..", SERVER)
                .should()
                .dependOnClassesThat()
                .resideInAnyPackage(SERVER + ".lucene..", SERVER + ".store..")
                .check(CLASSES);
    }

    @Test
    void clientsNeverImportTheServer() {
        // The sensor side, and the Java SDK and CLI to come, talk to the server over its APIs only.
        noClasses()
                .that()
                .resideInAnyPackage(
                        "io.lampblack.protocol..",
                        "io.lampblack.sensor..",
                        "io.lampblack.client..",
                        "io.lampblack.cli..")
                .should()
                .dependOnClassesThat()
                .resideInAPackage(SERVER + "..")
                .check(CLASSES);
    }
}

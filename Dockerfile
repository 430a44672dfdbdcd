# syntax=docker/dockerfile:1
# Build: docker build -t hallmark .    Run: see docker/compose.yaml
FROM maven:3.9-eclipse-temurin-17 AS build
WORKDIR /src
COPY pom.xml .
RUN mvn -B -ntp -q dependency:go-offline
COPY src src
RUN mvn -B -ntp -q package -DskipTests

# Compiled for Java 17 (release 17), run on Java 25 with its AOT cache: the fastest start measured
# (bench/STARTUP-RESULTS.md; README "Memory and start-up").
FROM eclipse-temurin:25-jre
# a small deployment's defaults (README "Memory and start-up"); the heap follows the container's memory limit
ENV JAVA_TOOL_OPTIONS="-XX:+UseSerialGC -XX:MaxRAMPercentage=75"
RUN apt-get update && apt-get install -y --no-install-recommends curl && rm -rf /var/lib/apt/lists/* \
    && useradd --system --uid 10001 --home-dir /var/lib/hallmark --shell /usr/sbin/nologin hallmark \
    && mkdir -p /var/lib/hallmark && chown hallmark:hallmark /var/lib/hallmark && chmod 700 /var/lib/hallmark
COPY --from=build /src/target/hallmark.jar /tmp/hallmark.jar
# Spring Boot's extracted layout (the AOT cache needs plain jars on the class path), then a training run up to the
# refreshed context that records the cache. The training run's CA, keys and database are thrown away in the same
# layer: the image holds no key material.
RUN java -Djarmode=tools -jar /tmp/hallmark.jar extract --destination /opt/hallmark && rm /tmp/hallmark.jar \
    && HALLMARK_CA_PASSWORD=training-only java -XX:AOTCacheOutput=/opt/hallmark/hallmark.aot \
       -Dspring.context.exit=onRefresh -jar /opt/hallmark/hallmark.jar --hallmark.data-dir=/tmp/training \
       --server.port=0 --hallmark.http.port=0 \
    && rm -rf /tmp/training && test -s /opt/hallmark/hallmark.aot
USER hallmark
WORKDIR /var/lib/hallmark
# CA keys, the H2 database (when no external database is configured) and bootstrap files live here
ENV HALLMARK_DATA_DIR=/var/lib/hallmark
VOLUME ["/var/lib/hallmark"]
EXPOSE 8443 8080
HEALTHCHECK --interval=30s --timeout=5s --start-period=60s --retries=3 \
    CMD curl -fsS --cacert /var/lib/hallmark/bootstrap/root-ca.pem https://localhost:8443/actuator/health || exit 1
ENTRYPOINT ["java", "-XX:AOTCache=/opt/hallmark/hallmark.aot", "-jar", "/opt/hallmark/hallmark.jar"]

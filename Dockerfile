# syntax=docker/dockerfile:1
# Build: docker build -t hallmark .    Run: see docker/compose.yaml
FROM maven:3.9-eclipse-temurin-17 AS build
WORKDIR /src
COPY pom.xml .
RUN mvn -B -ntp -q dependency:go-offline
COPY src src
RUN mvn -B -ntp -q package -DskipTests

FROM eclipse-temurin:17-jre
RUN apt-get update && apt-get install -y --no-install-recommends curl && rm -rf /var/lib/apt/lists/* \
    && useradd --system --uid 10001 --home-dir /var/lib/hallmark --shell /usr/sbin/nologin hallmark \
    && mkdir -p /var/lib/hallmark && chown hallmark:hallmark /var/lib/hallmark && chmod 700 /var/lib/hallmark
COPY --from=build /src/target/hallmark.jar /opt/hallmark/hallmark.jar
USER hallmark
WORKDIR /var/lib/hallmark
# CA keys, the H2 database (when no external database is configured) and bootstrap files live here
ENV HALLMARK_DATA_DIR=/var/lib/hallmark
VOLUME ["/var/lib/hallmark"]
EXPOSE 8443 8080
HEALTHCHECK --interval=30s --timeout=5s --start-period=60s --retries=3 \
    CMD curl -fsS --cacert /var/lib/hallmark/bootstrap/root-ca.pem https://localhost:8443/actuator/health || exit 1
ENTRYPOINT ["java", "-XX:MaxRAMPercentage=75", "-jar", "/opt/hallmark/hallmark.jar"]

package dev.hallmark.admin;

import java.time.Instant;

public record AdministratorView(long id, String name, Role role, String serial, String certificateStatus,
        Instant notAfter, Instant createdAt, String createdBy) {
}

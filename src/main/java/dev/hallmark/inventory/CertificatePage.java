package dev.hallmark.inventory;

import java.util.List;

public record CertificatePage(List<CertificateView> items, int page, int size, long totalItems) {
}

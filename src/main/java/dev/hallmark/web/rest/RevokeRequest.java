package dev.hallmark.web.rest;

/** @param reason an RFC 5280 reason name such as {@code keyCompromise}; {@code unspecified} when omitted */
public record RevokeRequest(String reason) {
}

package dev.hallmark.profile;

/** Subject alternative name types a profile may allow (RFC 5280 section 4.2.1.6). */
public enum SanType {
    DNS, IP, EMAIL, URI
}

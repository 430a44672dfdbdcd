package dev.hallmark.signing;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import org.bouncycastle.asn1.ASN1Encoding;
import org.bouncycastle.asn1.ASN1Integer;
import org.bouncycastle.asn1.DERTaggedObject;
import org.bouncycastle.asn1.x509.AuthorityKeyIdentifier;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.Extensions;
import org.bouncycastle.operator.ContentSigner;

/**
 * Writes an RFC 5280 v2 CRL to a file without holding its entries in memory.
 *
 * <p>Bouncy Castle's {@code X509v2CRLBuilder} keeps every entry as an object until it signs, which
 * is fine for a hundred entries and not for a million. DER needs every length before the content,
 * and only three lengths here depend on the entries: the revokedCertificates SEQUENCE, the
 * TBSCertList and the outer CertificateList. So the writer
 * <ol>
 * <li>encodes each entry as it arrives into a temporary file, counting bytes (one small buffer);</li>
 * <li>knowing the entries' length, encodes the fixed parts (version, algorithm, issuer, times,
 * extensions) and streams the TBS through the signer's output stream;</li>
 * <li>writes the CRL: outer header, TBS (copying the entries file again), algorithm, signature.</li>
 * </ol>
 * Memory stays constant; the entries are read twice from a file the OS has just cached.
 */
final class StreamingCrlWriter {

    /** Extensions { Extension { cRLReason, OCTET STRING { ENUMERATED code } } }, code appended. */
    private static final byte[] REASON_PREFIX = {
        0x30, 0x0C, 0x30, 0x0A, 0x06, 0x03, 0x55, 0x1D, 0x15, 0x04, 0x03, 0x0A, 0x01};
    private static final int MAX_ENTRY = 2 + 23 + 17 + REASON_PREFIX.length + 1;

    private final byte[] issuerName;
    private final byte[] authorityKeyIdentifier;
    private final Extension[] more;

    /**
     * @param issuerName the DER of the CA certificate's subject, copied as is into the CRL issuer
     * @param authorityKeyIdentifier the CA's subject key identifier
     * @param more CRL extensions after the two every CRL has (Freshest CRL, Delta CRL Indicator)
     */
    StreamingCrlWriter(byte[] issuerName, byte[] authorityKeyIdentifier, Extension... more) {
        this.issuerName = issuerName.clone();
        this.authorityKeyIdentifier = authorityKeyIdentifier.clone();
        this.more = more.clone();
    }

    /** Encodes the entries, signs and writes the CRL to {@code target}; returns entry count and size. */
    long[] write(ContentSigner signer, BigInteger number, Instant thisUpdate, Instant nextUpdate, CrlEntries entries,
            Path target) {
        Path entriesFile = null;
        try {
            entriesFile = Files.createTempFile(target.toAbsolutePath().getParent(), ".crl-entries-", ".tmp");
            long[] counted = encodeEntries(entries, entriesFile);
            long entryCount = counted[0];
            long entriesLength = counted[1];

            byte[] algorithm = signer.getAlgorithmIdentifier().getEncoded(ASN1Encoding.DER);
            byte[] prefix = prefix(algorithm, thisUpdate, nextUpdate);
            byte[] entriesHeader = entryCount == 0 ? new byte[0] : header(Der.SEQUENCE, entriesLength);
            long entriesPart = entryCount == 0 ? 0 : entriesHeader.length + entriesLength;
            byte[] suffix = extensions(number);
            long tbsContent = prefix.length + entriesPart + suffix.length;
            byte[] tbsHeader = header(Der.SEQUENCE, tbsContent);

            try (OutputStream toSign = signer.getOutputStream()) {
                writeTbs(toSign, tbsHeader, prefix, entriesHeader, entryCount == 0 ? null : entriesFile, suffix);
            }
            byte[] signature = signer.getSignature();
            byte[] bitStringHeader = header(Der.BIT_STRING, signature.length + 1L);
            long outerContent = tbsHeader.length + tbsContent + algorithm.length + bitStringHeader.length + 1
                    + signature.length;
            try (OutputStream out = new BufferedOutputStream(Files.newOutputStream(target), 1 << 16)) {
                out.write(header(Der.SEQUENCE, outerContent));
                writeTbs(out, tbsHeader, prefix, entriesHeader, entryCount == 0 ? null : entriesFile, suffix);
                out.write(algorithm);
                out.write(bitStringHeader);
                out.write(0);
                out.write(signature);
            }
            return new long[] {entryCount, Der.headerLength(outerContent) + outerContent};
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the CRL " + target, e);
        } finally {
            if (entriesFile != null) {
                try {
                    Files.deleteIfExists(entriesFile);
                } catch (IOException ignored) {
                    // a leftover temporary file is harmless and cleaned up with the next one
                }
            }
        }
    }

    /** The TBSCertList of a CRL without entries, for linting the fixed parts with a throwaway key. */
    byte[] tbsWithoutEntries(byte[] algorithm, BigInteger number, Instant thisUpdate, Instant nextUpdate) {
        try {
            byte[] prefix = prefix(algorithm, thisUpdate, nextUpdate);
            byte[] suffix = extensions(number);
            var out = new java.io.ByteArrayOutputStream();
            out.write(header(Der.SEQUENCE, prefix.length + suffix.length));
            out.write(prefix);
            out.write(suffix);
            return out.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static long[] encodeEntries(CrlEntries entries, Path file) throws IOException {
        long[] counted = new long[2];
        try (OutputStream out = new BufferedOutputStream(Files.newOutputStream(file), 1 << 16)) {
            byte[] entry = new byte[MAX_ENTRY];
            IOException[] failure = new IOException[1];
            entries.forEach((serialHex, revocationDate, reasonCode) -> {
                if (failure[0] != null) {
                    return;
                }
                // content first at offset 2, then the short-form header in front of it (content < 128 bytes)
                int end = Der.writeHexInteger(entry, 2, serialHex);
                end = Der.writeTime(entry, end, revocationDate.getEpochSecond());
                if (reasonCode != 0) {
                    System.arraycopy(REASON_PREFIX, 0, entry, end, REASON_PREFIX.length);
                    end += REASON_PREFIX.length;
                    entry[end++] = (byte) reasonCode;
                }
                entry[0] = Der.SEQUENCE;
                entry[1] = (byte) (end - 2);
                try {
                    out.write(entry, 0, end);
                } catch (IOException e) {
                    failure[0] = e;
                }
                counted[0]++;
                counted[1] += end;
            });
            if (failure[0] != null) {
                throw failure[0];
            }
        }
        return counted;
    }

    private byte[] prefix(byte[] algorithm, Instant thisUpdate, Instant nextUpdate) throws IOException {
        var out = new java.io.ByteArrayOutputStream(256);
        out.write(new byte[] {Der.INTEGER, 0x01, 0x01}); // version v2
        out.write(algorithm);
        out.write(issuerName);
        out.write(Der.time(thisUpdate.getEpochSecond()));
        out.write(Der.time(nextUpdate.getEpochSecond()));
        return out.toByteArray();
    }

    /**
     * crlExtensions [0] EXPLICIT: authorityKeyIdentifier and cRLNumber (RFC 5280 5.2.1, 5.2.3), neither
     * critical, then the others given.
     */
    private byte[] extensions(BigInteger number) throws IOException {
        Extension[] all = new Extension[2 + more.length];
        all[0] = new Extension(Extension.authorityKeyIdentifier, false,
                new AuthorityKeyIdentifier(authorityKeyIdentifier).getEncoded(ASN1Encoding.DER));
        all[1] = new Extension(Extension.cRLNumber, false, new ASN1Integer(number).getEncoded(ASN1Encoding.DER));
        System.arraycopy(more, 0, all, 2, more.length);
        return new DERTaggedObject(true, 0, new Extensions(all)).getEncoded(ASN1Encoding.DER);
    }

    private static void writeTbs(OutputStream out, byte[] tbsHeader, byte[] prefix, byte[] entriesHeader,
            Path entriesFile, byte[] suffix) throws IOException {
        out.write(tbsHeader);
        out.write(prefix);
        if (entriesFile != null) {
            out.write(entriesHeader);
            Files.copy(entriesFile, out);
        }
        out.write(suffix);
    }

    private static byte[] header(int tag, long length) {
        byte[] h = new byte[Der.headerLength(length)];
        Der.writeHeader(h, 0, tag, length);
        return h;
    }
}

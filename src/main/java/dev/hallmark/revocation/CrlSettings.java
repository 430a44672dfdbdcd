package dev.hallmark.revocation;

import java.nio.file.Path;
import java.time.Duration;

/**
 * How CRLs are published.
 *
 * @param directory where this node keeps its copies of the stored CRLs ({@code <data-dir>/crl})
 * @param nextUpdate nextUpdate minus thisUpdate of every CRL
 * @param regenerateInterval a new CRL is signed when the current one is this old (well before nextUpdate)
 * @param debounce after a revocation, how long to wait for more before regenerating in the background
 * @param pageSize revoked rows read per database query while generating
 * @param node this node's name, stored with the CRLs it signs
 * @param deltaOnlyFrom from this many entries on, a complete CRL is re-signed on its schedule only
 *        and revocations reach relying parties through the delta CRL; below it, after every revocation too
 */
public record CrlSettings(Path directory, Duration nextUpdate, Duration regenerateInterval, Duration debounce,
        int pageSize, String node, long deltaOnlyFrom) {
}

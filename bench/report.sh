#!/usr/bin/env bash
# Turns one benchmark run's raw files (load.tsv, jmh.csv, environment.txt) into a Markdown table.
# usage: bench/report.sh bench-results/<run>
set -euo pipefail
OUT=$1
echo "# Issuance benchmark — $(basename "$OUT")"
echo
sed 's/^/    /' "$OUT/environment.txt"
echo
echo "## Over the network: certificates per second (same CSR, same load generator, same run)"
echo
echo "Hallmark: HTTPS (TLS 1.3) + mutual TLS (admin client certificate) + keep-alive + H2 record + audit."
echo "cfssl serve: plain HTTP + keep-alive, no database. Target: RSA >= 1.5x this cfssl (issue 13)."
echo "Server CPU ms/cert: the server process's CPU time (user+system, /proc) over the measured window"
echo "divided by the certificates issued in it; less disturbed by other processes than the rates are."
echo
echo "| CA key | clients | Hallmark /s | p50 ms | p99 ms | errors | cfssl /s | p50 ms | p99 ms | errors | Hallmark/cfssl | target | server CPU ms/cert Hallmark | cfssl | CPU ratio cfssl/Hallmark |"
echo "|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---|---:|---:|---:|"
awk -F'\t' '
  $1 ~ /^hallmark / { split($1, a, " "); k = a[2] SUBSEP $2; h[k] = $0; keys[k] = 1 }
  $1 ~ /^cfssl /    { split($1, a, " "); k = a[2] SUBSEP $2; c[k] = $0; keys[k] = 1 }
  END {
    n = 0; for (k in keys) order[++n] = k
    for (i = 1; i <= n; i++) for (j = i + 1; j <= n; j++) {   # sort by algorithm then concurrency
      split(order[i], x, SUBSEP); split(order[j], y, SUBSEP)
      if (x[1] > y[1] || (x[1] == y[1] && x[2] + 0 > y[2] + 0)) { t = order[i]; order[i] = order[j]; order[j] = t }
    }
    for (i = 1; i <= n; i++) {
      k = order[i]; split(k, kk, SUBSEP)
      split(h[k], H, "\t"); split(c[k], C, "\t")
      target = kk[1] ~ /^RSA/ ? 1.5 : 0   # EC is compared like for like, in the table below
      ratio = (C[6] > 0 && H[6] != "") ? sprintf("%.2f", H[6] / C[6]) : "-"
      verdict = ratio == "-" || target == 0 ? "-" : (H[6] / C[6] >= target ? "met (>= " target "x)" : "not met (< " target "x)")
      cpuratio = (H[11] > 0 && C[11] != "") ? sprintf("%.2f", C[11] / H[11]) : "-"
      printf "| %s | %s | %s | %s | %s | %s | %s | %s | %s | %s | %s | %s | %s | %s | %s |\n", kk[1], kk[2],
        H[6], H[7], H[9], H[5], C[6], C[7], C[9], C[5], ratio, verdict, H[11], C[11], cpuratio
    }
  }' "$OUT/load.tsv"
echo
if grep -q '^cfssl-full ' "$OUT/load.tsv"; then
  echo "## Like for like: cfssl serve with HTTPS, mutual TLS and its certificate database (same run)"
  echo
  echo "cfssl serve -tls-cert/-tls-key, -mutual-tls-ca (the load generator presents a client certificate on each"
  echo "keep-alive connection, as with Hallmark) and -db-config with SQLite (each certificate inserted, synced, before"
  echo "it is answered). Target: EC >= 1x this cfssl."
  echo
  echo "| CA key | clients | Hallmark /s | cfssl full /s | p50 ms | p99 ms | errors | Hallmark/cfssl full | target | server CPU ms/cert Hallmark | cfssl full |"
  echo "|---|---:|---:|---:|---:|---:|---:|---:|---|---:|---:|"
  awk -F'\t' '
    $1 ~ /^hallmark /   { split($1, a, " "); k = a[2] SUBSEP $2; h[k] = $0 }
    $1 ~ /^cfssl-full / { split($1, a, " "); k = a[2] SUBSEP $2; f[k] = $0; keys[k] = 1 }
    END {
      n = 0; for (k in keys) order[++n] = k
      for (i = 1; i <= n; i++) for (j = i + 1; j <= n; j++) {
        split(order[i], x, SUBSEP); split(order[j], y, SUBSEP)
        if (x[1] > y[1] || (x[1] == y[1] && x[2] + 0 > y[2] + 0)) { t = order[i]; order[i] = order[j]; order[j] = t }
      }
      for (i = 1; i <= n; i++) {
        k = order[i]; split(k, kk, SUBSEP)
        split(h[k], H, "\t"); split(f[k], F, "\t")
        ratio = (F[6] > 0 && H[6] != "") ? sprintf("%.2f", H[6] / F[6]) : "-"
        verdict = kk[1] ~ /^RSA/ || ratio == "-" ? "-" : (H[6] / F[6] >= 1 ? "met (>= 1x)" : "not met (< 1x)")
        printf "| %s | %s | %s | %s | %s | %s | %s | %s | %s | %s | %s |\n", kk[1], kk[2], H[6], F[6], F[7], F[9], F[5],
          ratio, verdict, H[11], F[11]
      }
    }' "$OUT/load.tsv"
  echo
fi
if grep -q '^hallmark-pkcs11 ' "$OUT/load.tsv"; then
  echo "## CA keys in a PKCS#11 token (SoftHSM2) beside software keys (same run)"
  echo
  echo "Every CA signature (certificate; CRLs and the OCSP responder certificate as they fall due) made in the"
  echo "token through SunPKCS11 and the one logged-in session pool; the OCSP responder's own key stays in software."
  echo "Ratio: PKCS#11 rate / software rate (1.00 = no overhead); CPU: the Hallmark process's own CPU time (SoftHSM2"
  echo "runs inside it as a library)."
  echo
  echo "| CA key | clients | software /s | p50 ms | p99 ms | errors | PKCS#11 /s | p50 ms | p99 ms | errors | PKCS#11/software | server CPU ms/cert software | PKCS#11 |"
  echo "|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|"
  awk -F'\t' '
    $1 ~ /^hallmark /        { split($1, a, " "); k = a[2] SUBSEP $2; s[k] = $0 }
    $1 ~ /^hallmark-pkcs11 / { split($1, a, " "); k = a[2] SUBSEP $2; p[k] = $0; keys[k] = 1 }
    END {
      n = 0; for (k in keys) order[++n] = k
      for (i = 1; i <= n; i++) for (j = i + 1; j <= n; j++) {
        split(order[i], x, SUBSEP); split(order[j], y, SUBSEP)
        if (x[1] > y[1] || (x[1] == y[1] && x[2] + 0 > y[2] + 0)) { t = order[i]; order[i] = order[j]; order[j] = t }
      }
      for (i = 1; i <= n; i++) {
        k = order[i]; split(k, kk, SUBSEP)
        split(s[k], S, "\t"); split(p[k], P, "\t")
        ratio = (S[6] > 0 && P[6] != "") ? sprintf("%.2f", P[6] / S[6]) : "-"
        printf "| %s | %s | %s | %s | %s | %s | %s | %s | %s | %s | %s | %s | %s |\n", kk[1], kk[2],
          S[6], S[7], S[9], S[5], P[6], P[7], P[9], P[5], ratio, S[11], P[11]
      }
    }' "$OUT/load.tsv"
  echo
fi
if grep -q '^ceiling' "$OUT/load.tsv"; then
  echo "## The load generator's ceiling (trivial endpoints, same machine)"
  echo
  echo "| endpoint | clients | requests/s | p50 ms | p99 ms | errors | server CPU ms/req | load generator CPU ms/req |"
  echo "|---|---:|---:|---:|---:|---:|---:|---:|"
  awk -F'\t' '$1 ~ /^ceiling/ { sub(/^ceiling /, "", $1); printf "| %s | %s | %s | %s | %s | %s | %s | %s |\n", $1, $2, $6, $7, $9, $5, $11, $12 }' "$OUT/load.tsv"
  echo
fi
if [[ -s "$OUT/jmh.csv" ]]; then
  echo "## In process (JMH, one thread, operations per second)"
  echo
  echo "| benchmark | parameters | ops/s | ± (99.9%) |"
  echo "|---|---|---:|---:|"
  awk -F',' 'NR == 1 { for (i = 8; i <= NF; i++) { p[i] = $i; gsub(/"|Param: /, "", p[i]) } next }
    { gsub(/"/, ""); name = $1; sub(/^dev\.hallmark\.bench\./, "", name); params = ""
      for (i = 8; i <= NF; i++) { v = $i; gsub(/[\r ]/, "", v); if (v != "" && v != "N/A") params = params (params == "" ? "" : " ") p[i] "=" v }
      printf "| %s | %s | %.0f | %.0f |\n", name, params, $5, $6 }' "$OUT/jmh.csv"
fi

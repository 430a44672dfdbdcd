package dev.hallmark.acme.validation;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.xbill.DNS.AAAARecord;
import org.xbill.DNS.ARecord;
import org.xbill.DNS.CNAMERecord;
import org.xbill.DNS.DClass;
import org.xbill.DNS.ExtendedResolver;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Record;
import org.xbill.DNS.Resolver;
import org.xbill.DNS.ResolverConfig;
import org.xbill.DNS.Section;
import org.xbill.DNS.SimpleResolver;
import org.xbill.DNS.TextParseException;
import org.xbill.DNS.Type;

/**
 * Every DNS lookup of the validation authority, through the configured resolvers only and without
 * a cache (a validation sees the zone as it is now). CNAMEs are followed, at most
 * {@value #MAX_CNAMES} of them and never in a loop; truncated UDP answers are asked again over TCP.
 */
final class DnsLookup {

    static final int MAX_CNAMES = 8;

    /** One lookup's answer: the records of the asked type at the end of the CNAME chain, if any. */
    record Answer(Name canonical, List<Record> records, boolean nxdomain) {
    }

    private final Resolver resolver;

    DnsLookup(List<InetSocketAddress> servers, Duration queryTimeout) {
        List<InetSocketAddress> chosen = servers.isEmpty() ? ResolverConfig.getCurrentConfig().servers() : servers;
        if (chosen.isEmpty()) {
            this.resolver = null;    // every lookup fails with dns, rather than the service not starting
            return;
        }
        List<Resolver> resolvers = new ArrayList<>();
        for (InetSocketAddress server : chosen) {
            SimpleResolver simple = new SimpleResolver(server);
            simple.setTimeout(queryTimeout);
            resolvers.add(simple);
        }
        if (resolvers.size() == 1) {
            this.resolver = resolvers.get(0);
        } else {
            ExtendedResolver extended = new ExtendedResolver(resolvers);
            extended.setTimeout(queryTimeout);
            extended.setRetries(1);
            this.resolver = extended;
        }
    }

    /** An identifier's value (or a host from a redirect) as an absolute DNS name. */
    static Name name(String host) throws ValidationException {
        try {
            return Name.fromString(host.endsWith(".") ? host : host + ".");
        } catch (TextParseException e) {
            throw new ValidationException(ValidationError.rejectedIdentifier, "\"" + host + "\" is not a DNS name");
        }
    }

    static String text(Name name) {
        return name.toString(true);
    }

    /** The records of {@code type} at {@code name}, following CNAMEs. */
    Answer lookup(Name name, int type, Deadline deadline) throws ValidationException {
        Name current = name;
        Set<Name> seen = new HashSet<>(List.of(name));
        int cnames = 0;
        while (true) {
            Message response = send(current, type, name, deadline);
            int rcode = response.getRcode();
            if (rcode != Rcode.NOERROR && rcode != Rcode.NXDOMAIN) {
                throw new ValidationException(ValidationError.dns, Rcode.string(rcode) + " looking up "
                        + Type.string(type) + " for " + text(current) + via(name, current));
            }
            List<Record> answers = response.getSection(Section.ANSWER);
            boolean moved = false;
            while (true) {
                List<Record> found = recordsAt(answers, current, type);
                if (!found.isEmpty()) {
                    return new Answer(current, found, false);
                }
                CNAMERecord alias = alias(answers, current);
                if (alias == null) {
                    break;
                }
                current = alias.getTarget();
                if (!seen.add(current)) {
                    throw new ValidationException(ValidationError.dns, "CNAME loop looking up " + Type.string(type)
                            + " for " + text(name) + ": " + text(current) + " comes back");
                }
                if (++cnames > MAX_CNAMES) {
                    throw new ValidationException(ValidationError.dns, "more than " + MAX_CNAMES
                            + " CNAMEs looking up " + Type.string(type) + " for " + text(name));
                }
                moved = true;
            }
            if (!moved || rcode == Rcode.NXDOMAIN) {
                return new Answer(current, List.of(), rcode == Rcode.NXDOMAIN);
            }
            // the answer ended at an alias whose records it did not carry: ask for the alias itself
        }
    }

    /**
     * The addresses of a host, IPv6 first, without those {@link AddressPolicy} refuses.
     *
     * @throws ValidationException dns when there is none the VA may reach
     */
    List<InetAddress> addresses(String host, Deadline deadline) throws ValidationException {
        Name name = name(host);
        List<InetAddress> found = new ArrayList<>();
        List<String> refused = new ArrayList<>();
        ValidationException failure = null;
        boolean nxdomain = true;
        for (int type : new int[] {Type.AAAA, Type.A}) {
            try {
                Answer answer = lookup(name, type, deadline);
                nxdomain &= answer.nxdomain();
                for (Record record : answer.records()) {
                    InetAddress address = record instanceof AAAARecord v6 ? v6.getAddress() : ((ARecord) record).getAddress();
                    String refusal = AddressPolicy.refusal(address);
                    if (refusal == null) {
                        found.add(address);
                    } else {
                        refused.add(refusal);
                    }
                }
            } catch (ValidationException e) {
                failure = failure == null ? e : failure;
                nxdomain = false;
            }
        }
        if (!found.isEmpty()) {
            return found;
        }
        if (!refused.isEmpty()) {
            throw new ValidationException(ValidationError.dns, "no address of " + host + " may be contacted: "
                    + String.join("; ", refused));
        }
        if (failure != null) {
            throw failure;
        }
        throw new ValidationException(ValidationError.dns, (nxdomain ? "NXDOMAIN looking up A and AAAA for "
                : "no A or AAAA record for ") + host);
    }

    private Message send(Name current, int type, Name asked, Deadline deadline) throws ValidationException {
        String doing = "looking up " + Type.string(type) + " for " + text(current) + via(asked, current);
        if (resolver == null) {
            throw new ValidationException(ValidationError.dns, "no DNS resolver to ask " + doing
                    + ": set hallmark.acme.validation.dns-resolvers");
        }
        Message query = Message.newQuery(Record.newRecord(current, type, DClass.IN));
        try {
            return resolver.sendAsync(query).toCompletableFuture()
                    .get(deadline.remainingMillis(ValidationError.dns, doing), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            throw deadline.timedOut(ValidationError.dns, doing);
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            String why = cause instanceof java.io.InterruptedIOException || cause instanceof TimeoutException
                    ? "timed out" : "failed (" + cause.getClass().getSimpleName() + ")";
            throw new ValidationException(ValidationError.dns, "the DNS query " + why + " " + doing);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ValidationException(ValidationError.dns, "interrupted " + doing);
        }
    }

    private static String via(Name asked, Name current) {
        return asked.equals(current) ? "" : " (an alias of " + text(asked) + ")";
    }

    private static List<Record> recordsAt(List<Record> answers, Name owner, int type) {
        List<Record> found = new ArrayList<>();
        for (Record record : answers) {
            if (record.getType() == type && record.getName().equals(owner) && record.getDClass() == DClass.IN) {
                found.add(record);
            }
        }
        return found;
    }

    private static CNAMERecord alias(List<Record> answers, Name owner) {
        for (Record record : answers) {
            if (record instanceof CNAMERecord cname && record.getName().equals(owner)) {
                return cname;
            }
        }
        return null;
    }
}

package dev.hallmark.acme;

import dev.hallmark.acme.validation.ValidationAuthority;
import dev.hallmark.acme.validation.ValidationOutcome;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.stereotype.Component;

/**
 * Runs the validation authority off the request threads, with bounded concurrency and a bounded
 * queue: a burst of challenges waits its turn or is refused ({@code rateLimited}), and never
 * holds a request thread while a client's server is slow to answer. What a validation holds while it runs is
 * recorded as a lease in the database ({@link AcmeOrders#resumeExpiredValidations}), so a node that stops
 * mid-validation leaves no challenge processing for ever.
 */
@Component
public class ChallengeValidations implements DisposableBean {

    private static final Logger log = LoggerFactory.getLogger(ChallengeValidations.class);

    static final int THREADS = 8;
    static final int QUEUE = 512;
    /** How long finalize waits for CAA lookups before it gives up (the validation authority has its own per lookup). */
    static final long CAA_TIMEOUT_SECONDS = 60;

    private final ObjectProvider<ValidationAuthority> authorities;
    private final ThreadPoolExecutor executor;
    private volatile boolean stopping;

    ChallengeValidations(ObjectProvider<ValidationAuthority> authorities) {
        this.authorities = authorities;
        AtomicInteger n = new AtomicInteger();
        this.executor = new ThreadPoolExecutor(THREADS, THREADS, 60, TimeUnit.SECONDS, new ArrayBlockingQueue<>(QUEUE),
                r -> {
                    Thread t = new Thread(r, "acme-validation-" + n.incrementAndGet());
                    t.setDaemon(true);
                    return t;
                });
        this.executor.allowCoreThreadTimeOut(true);
    }

    /** Whether this service has a validation authority; without one ACME serves nothing (docs/acme.md). */
    public boolean available() {
        return authorities.getIfAvailable() != null;
    }

    ValidationAuthority authority() {
        ValidationAuthority authority = authorities.getIfAvailable();
        if (authority == null) {
            throw new AcmeException(AcmeProblem.serverInternal, 503, "ACME is unavailable: this service has no"
                    + " validation authority");
        }
        return authority;
    }

    /** @throws AcmeException rateLimited when the queue is full */
    void submit(Runnable validation) {
        try {
            executor.execute(validation);
        } catch (RejectedExecutionException e) {
            throw new AcmeException(AcmeProblem.rateLimited, "too many validations are waiting; try again shortly");
        }
    }

    ValidationOutcome checkCaa(OrderIdentifier identifier) {
        ValidationAuthority authority = authority();
        Future<ValidationOutcome> outcome;
        try {
            outcome = executor.submit(() -> authority.checkCaa(identifier.forValidation(), identifier.wildcard()));
        } catch (RejectedExecutionException e) {
            throw new AcmeException(AcmeProblem.rateLimited, "too many validations are waiting; try again shortly");
        }
        try {
            return outcome.get(CAA_TIMEOUT_SECONDS, TimeUnit.SECONDS);
        } catch (TimeoutException e) {
            outcome.cancel(true);
            return ValidationOutcome.failure(AcmeProblem.dns.name(), "the CAA lookup for " + identifier.value()
                    + " did not finish within " + CAA_TIMEOUT_SECONDS + " s");
        } catch (ExecutionException e) {
            log.error("CAA check of {} failed", identifier.value(), e.getCause());
            return ValidationOutcome.failure(AcmeProblem.serverInternal.name(), "the CAA check failed inside the CA");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AcmeException(AcmeProblem.serverInternal, "interrupted");
        }
    }

    /**
     * False once this node is shutting down: a validation interrupted by the shutdown records nothing (its outcome
     * may be the interruption, not the client's answer) and leaves its lease to run out, for a node to take over.
     */
    boolean running() {
        return !stopping && !Thread.currentThread().isInterrupted();
    }

    @Override
    public void destroy() {
        stopping = true;
        executor.shutdownNow();
    }
}
